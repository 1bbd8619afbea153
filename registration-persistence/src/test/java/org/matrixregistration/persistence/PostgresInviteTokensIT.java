package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.InviteTokensContract;
import org.matrixregistration.persistence.testing.PostgresServer;

/** The port's contract on a real PostgreSQL server; each test has a schema of its own. */
class PostgresInviteTokensIT extends InviteTokensContract {
    private final List<TokenDatabase> opened = new ArrayList<>();

    @Override
    protected InviteTokens newStore() {
        TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of(".")));
        opened.add(database);
        return database.tokens(clock);
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
