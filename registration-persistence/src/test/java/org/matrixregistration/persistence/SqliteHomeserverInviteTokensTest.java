package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.memory.InMemoryHomeserverTokens;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.InviteTokensContract;

/** token_store: synapse on SQLite passes the contract every token store passes (the homeserver in memory). */
class SqliteHomeserverInviteTokensTest extends InviteTokensContract {
    @TempDir
    Path directory;

    private final List<TokenDatabase> opened = new ArrayList<>();

    @Override
    protected InviteTokens newStore() {
        TokenDatabase database = TokenDatabase.open(
                DatabaseSettings.defaults(DatabaseUrl.sqlite(directory.resolve("store-" + opened.size() + ".sqlite3"))));
        opened.add(database);
        return HomeserverBackedStores.countingAsSynapseDoes(database, new InMemoryHomeserverTokens(), clock);
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(TokenDatabase::close);
    }
}
