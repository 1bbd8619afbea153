package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.matrixregistration.core.memory.InMemoryHomeserverTokens;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.InviteTokensContract;
import org.matrixregistration.persistence.testing.PostgresServer;

/** token_store: synapse on a real PostgreSQL passes the contract (the homeserver in memory). */
class PostgresHomeserverInviteTokensIT extends InviteTokensContract {
    private final List<TokenDatabase> opened = new ArrayList<>();

    @Override
    protected InviteTokens newStore() {
        TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.forDbSetting(PostgresServer.shared().newDbSetting(), Path.of(".")));
        opened.add(database);
        return HomeserverBackedStores.countingAsSynapseDoes(database, new InMemoryHomeserverTokens(), clock);
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
