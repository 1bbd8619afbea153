package org.matrixregistration.persistence;

import java.nio.file.Path;
import org.matrixregistration.persistence.testing.PostgresServer;

/** {@link TokenDatabaseContract} on a real PostgreSQL server, a new schema per database. */
class PostgresTokenDatabaseIT extends TokenDatabaseContract {
    @Override
    protected DatabaseSettings newDatabase() {
        return DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of("."));
    }
}
