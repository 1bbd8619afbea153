package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.session.AdminSessions;
import org.matrixregistration.core.session.AdminSessionsContract;

class SqliteAdminSessionsTest extends AdminSessionsContract {
    @TempDir
    Path directory;
    private final List<TokenDatabase> opened = new ArrayList<>();

    @Override
    protected AdminSessions newStore() {
        TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.defaults(DatabaseUrl.sqlite(directory.resolve("sessions-" + opened.size() + ".sqlite3"))));
        opened.add(database);
        return database.adminSessions();
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
