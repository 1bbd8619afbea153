package org.matrixregistration.cli;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.matrixregistration.cli.token.TokenMigrationSummary;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.approval.RequestNotices;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.memory.InMemoryRegistrationRequests;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.TokenName;

/**
 * The application as the commands see it, over core's in-memory token store and a hand-moved
 * clock; the other capabilities answer what a test sets and record that they were asked.
 */
final class FakeEnvironment implements CliEnvironment {
    final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    final InMemoryInviteTokens store = new InMemoryInviteTokens();
    /** Names the next created tokens get; generation fails loudly if a test forgets one. */
    final Deque<String> nextNames = new ArrayDeque<>();
    final InMemoryRegistrationRequests requestStore = new InMemoryRegistrationRequests();
    final InMemoryHomeserverAccounts homeserver = new InMemoryHomeserverAccounts();
    final RequestDecisions requests = new RequestDecisions(requestStore, store, homeserver,
            RequestNotices.none(requestStore), RequestDecisions.DEFAULT_EXPIRY, clock);
    /** With {@code homeserver_admin_token} unless a test replaces it. */
    TokenAdministration tokens = new TokenAdministration(store, () -> new TokenName(nextNames.pop()), clock, true);
    final List<String> calls = new ArrayList<>();
    ZoneId zone = ZoneId.of("Europe/Berlin");
    Optional<URI> publicUrl = Optional.empty();
    List<HealthReport> health = List.of();
    MigrationSummary migration = new MigrationSummary("SQLite /data/db.sqlite3", 0, "1");
    ImportSummary imported = new ImportSummary("SQLite /old/db.sqlite3", 0, 0, 0, List.of());
    TokenMigrationSummary tokenMigration = new TokenMigrationSummary("Synapse at http://synapse:8008", 0, 0, List.of());
    RuntimeException failure;
    RuntimeException closeFailure;
    boolean closed;

    @Override
    public AdministerTokens tokens() {
        return tokens;
    }

    @Override
    public DecideRequests requests() {
        return requests;
    }

    /** A portal without {@code homeserver_admin_token}. */
    void withoutApproval() {
        tokens = new TokenAdministration(store, () -> new TokenName(nextNames.pop()), clock, false);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public Optional<URI> publicUrl() {
        return publicUrl;
    }

    @Override
    public List<HealthReport> checkDependencies() {
        calls.add("checkDependencies");
        return health;
    }

    @Override
    public MigrationSummary migrate() {
        calls.add("migrate");
        failIfAsked();
        return migration;
    }

    @Override
    public ImportSummary importLegacy(String pathOrUrl) {
        calls.add("importLegacy " + pathOrUrl);
        failIfAsked();
        return imported;
    }

    @Override
    public TokenMigrationSummary migrateTokensToSynapse() {
        calls.add("migrateTokensToSynapse");
        failIfAsked();
        return tokenMigration;
    }

    @Override
    public void serve() {
        calls.add("serve");
        failIfAsked();
    }

    @Override
    public void close() {
        closed = true;
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
