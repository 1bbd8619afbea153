package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RegistrationRequestsContract;

class SqliteRegistrationRequestsTest extends RegistrationRequestsContract {
    @TempDir
    Path directory;
    private final List<TokenDatabase> opened = new ArrayList<>();

    @Override
    protected RegistrationRequests newStore() {
        TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.defaults(DatabaseUrl.sqlite(directory.resolve("requests-" + opened.size() + ".sqlite3"))));
        opened.add(database);
        return database.registrationRequests();
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
