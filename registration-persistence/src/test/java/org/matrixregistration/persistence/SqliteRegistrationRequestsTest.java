package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RegistrationRequestsContract;

class SqliteRegistrationRequestsTest extends RegistrationRequestsContract {
    @TempDir
    Path directory;
    private final List<TokenDatabase> opened = new ArrayList<>();
    private final Map<RegistrationRequests, Path> files = new IdentityHashMap<>();

    @Override
    protected RegistrationRequests newStore() {
        Path file = directory.resolve("requests-" + opened.size() + ".sqlite3");
        RegistrationRequests store = open(file);
        files.put(store, file);
        return store;
    }

    /** A second pool on the same file: two processes deciding at once. */
    @Override
    protected RegistrationRequests otherInstanceOf(RegistrationRequests store) {
        return open(files.get(store));
    }

    private RegistrationRequests open(Path file) {
        TokenDatabase database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(file)));
        opened.add(database);
        return database.registrationRequests();
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
