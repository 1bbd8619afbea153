package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.cli.token.TokenMigrationSummary;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.memory.InMemoryHomeserverTokens;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.DatabaseUrl;
import org.matrixregistration.persistence.JdbcHomeserverInviteTokens;
import org.matrixregistration.persistence.TokenDatabase;

/** What token migrate carries into the homeserver's tokens, and what it leaves, with reasons. */
class TokenMigrationTest {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryInviteTokens portal = new InMemoryInviteTokens();
    private final InMemoryHomeserverTokens homeserver = new InMemoryHomeserverTokens();
    private TokenDatabase database;

    @AfterEach
    void close() {
        database.close();
    }

    private JdbcHomeserverInviteTokens synapse() {
        database = TokenDatabase.open(DatabaseSettings.defaults(DatabaseUrl.sqlite(dir.resolve("db.sqlite3"))));
        return database.homeserverTokens(homeserver, clock);
    }

    private InviteToken token(String name, int limit, int used, boolean approval) {
        return new InviteToken(new TokenName(name), UsageLimit.of(limit), Optional.empty(), false, "note of " + name,
                clock.instant(), UseCounts.completed(used), approval);
    }

    @Test
    void carriesTokensWithTheirUsesAndListsWhatItCannot() {
        TokenUse alice = new TokenUse(new TokenName("Family"), Optional.of("@alice:example.org"), Optional.of(clock.instant()),
                Optional.empty());
        portal.addWithUses(token("Family", 5, 2, false), List.of(alice));
        portal.add(token("AskFirst", 1, 0, true));
        portal.add(token("Busy", 3, 0, false));
        portal.reserve(new TokenName("Busy"), UserId.parse("@bob:example.org"), clock.instant());
        homeserver.create(new TokenName("Taken"), OptionalInt.empty(), Optional.empty());
        portal.add(token("Taken", 1, 0, false));
        JdbcHomeserverInviteTokens synapse = synapse();

        TokenMigrationSummary summary = new TokenMigration(portal, synapse).run("Synapse", clock.instant());

        assertThat(summary.migrated()).isEqualTo(1);
        assertThat(summary.usesCarried()).isEqualTo(2);
        assertThat(summary.notCarried()).extracting(TokenMigrationSummary.NotCarried::token)
                .containsExactly("AskFirst", "Busy", "Taken");
        assertThat(summary.notCarried().get(1).reason()).contains("1 sign-up is not settled yet");
        assertThat(homeserver.find(new TokenName("Family"))).contains(
                HomeserverToken.fresh(new TokenName("Family"), OptionalInt.of(3), Optional.empty()));
        InviteToken carried = synapse.find(new TokenName("Family")).orElseThrow();
        assertThat(carried.limit()).isEqualTo(UsageLimit.of(5));
        assertThat(carried.completedUses()).isEqualTo(2);
        assertThat(carried.note()).isEqualTo("note of Family");
        assertThat(carried.createdAt()).isEqualTo(clock.instant());
        assertThat(synapse.uses(new TokenName("Family"))).extracting(TokenUse::userId)
                .containsExactly(Optional.of("@alice:example.org"), Optional.empty());
        assertThat(new TokenMigration(portal, synapse).run("Synapse", clock.instant()).migrated()).isZero();
        assertThat(portal.find(new TokenName("Family")).orElseThrow().completedUses()).as("the portal's store is not changed")
                .isEqualTo(2);
    }
}
