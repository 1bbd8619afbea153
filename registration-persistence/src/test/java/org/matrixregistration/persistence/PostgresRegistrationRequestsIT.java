package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RegistrationRequestsContract;
import org.matrixregistration.persistence.testing.PostgresServer;

/** The port's contract on a real PostgreSQL server; each test has a schema of its own. */
class PostgresRegistrationRequestsIT extends RegistrationRequestsContract {
    private final List<TokenDatabase> opened = new ArrayList<>();

    @Override
    protected RegistrationRequests newStore() {
        TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of(".")));
        opened.add(database);
        return database.registrationRequests();
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
