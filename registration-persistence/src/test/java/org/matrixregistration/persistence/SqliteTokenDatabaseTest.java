package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** {@link TokenDatabaseContract} on SQLite files in a temporary directory. */
class SqliteTokenDatabaseTest extends TokenDatabaseContract {
    @TempDir
    Path directory;

    private final AtomicInteger files = new AtomicInteger();

    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.defaults(DatabaseUrl.sqlite(directory.resolve("db-" + files.incrementAndGet() + ".sqlite3")));
    }
}
