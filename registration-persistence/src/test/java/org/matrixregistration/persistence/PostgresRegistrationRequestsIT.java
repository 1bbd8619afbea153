package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RegistrationRequestsContract;
import org.matrixregistration.persistence.testing.PostgresServer;

/** The port's contract on a real PostgreSQL server; each test has a schema of its own. */
class PostgresRegistrationRequestsIT extends RegistrationRequestsContract {
    private final List<TokenDatabase> opened = new ArrayList<>();
    private final Map<RegistrationRequests, String> settings = new IdentityHashMap<>();

    @Override
    protected RegistrationRequests newStore() {
        String db = PostgresServer.shared().newDbSetting();
        RegistrationRequests store = open(db);
        settings.put(store, db);
        return store;
    }

    /** A second pool on the same schema: two instances deciding at once. */
    @Override
    protected RegistrationRequests otherInstanceOf(RegistrationRequests store) {
        return open(settings.get(store));
    }

    private RegistrationRequests open(String db) {
        TokenDatabase database = TokenDatabase.open(DatabaseSettings.forDbSetting(db, Path.of(".")));
        opened.add(database);
        return database.registrationRequests();
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
