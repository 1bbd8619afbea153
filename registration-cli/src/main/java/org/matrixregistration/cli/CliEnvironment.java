package org.matrixregistration.cli;

import java.net.URI;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.matrixregistration.cli.token.TokenMigrationSummary;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.health.HealthReport;

/**
 * What the commands need from the running application, built by the composition root from a
 * valid configuration file (see {@link CliEnvironmentFactory}). The CLI never reads configuration
 * or builds adapters itself, so that it depends on core alone.
 *
 * <p>Opening an environment must not fail because the database or the homeserver is unreachable:
 * {@code config check} has to be able to report exactly that through {@link #checkDependencies()}.
 * Exceptions thrown by any method are shown to the admin as one line, so their messages must
 * name what failed and must never contain a secret (passwords in database URLs, shared secrets).
 */
public interface CliEnvironment extends AutoCloseable {

    /** The token-administration use case over the configured token store. */
    AdministerTokens tokens();

    /**
     * The approval use case over the configured request store: sign-ups with a token that requires
     * approval. Deciding needs {@link AdministerTokens#approvalAvailable()}; listing always works.
     */
    DecideRequests requests();

    /**
     * Whether tokens may require approval (the portal can lock accounts), known from the
     * configuration alone, without opening the database.
     */
    default boolean approvalAvailable() {
        return tokens().approvalAvailable();
    }

    /** Why tokens cannot require approval, known from the configuration alone; for {@code config check}. */
    default String approvalUnavailableReason() {
        return "tokens cannot require approval without homeserver_admin_token";
    }

    /**
     * Where the invite tokens live, as {@code token_store} names it: {@code portal} (the portal's own
     * database) or {@code synapse} (Synapse's registration tokens).
     */
    default String tokenStoreName() {
        return "portal";
    }

    /**
     * Copies the tokens of the portal's own database into Synapse's registration tokens ({@code token
     * migrate --to synapse}), whatever {@code token_store} says, and reports what could not be carried.
     * Running it again copies nothing twice.
     */
    TokenMigrationSummary migrateTokensToSynapse();

    /** The clock that relative expiries ({@code 7d}) and "active" are judged by. */
    Clock clock();

    /**
     * The server's time zone: dates without an offset given on the command line are read in it,
     * and times are shown in it, as the Python tool did with its naive local times.
     */
    ZoneId zone();

    /**
     * The portal's public address including any base path (e.g.
     * {@code https://chat.example.org/element}); invite links are this plus
     * {@code /register?token=NAME}. Empty when not configured: no links are printed then.
     */
    Optional<URI> publicUrl();

    /**
     * Checks every dependency now (at least the database and the homeserver, including whether
     * the homeserver accepts the registration shared secret, without creating an account).
     * Each check is bounded in time; a failure is an unhealthy report, not an exception.
     */
    List<HealthReport> checkDependencies();

    /** Brings the database schema up to date; applying nothing is a success. */
    MigrationSummary migrate();

    /**
     * Imports the tokens and uses of the Python tool's database, given as a file path of its
     * SQLite file or as its {@code db} URL ({@code sqlite:///...}, {@code postgresql://...}).
     * Tokens whose names exist already are skipped, not overwritten.
     */
    ImportSummary importLegacy(String pathOrUrl);

    /** Runs the portal (web server) and returns only once it has been stopped. */
    void serve() throws Exception;

    /** Releases what the environment holds (connection pools, HTTP clients). */
    @Override
    void close();
}
