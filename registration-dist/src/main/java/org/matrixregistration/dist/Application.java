package org.matrixregistration.dist;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.ImportSummary;
import org.matrixregistration.cli.MigrationSummary;
import org.matrixregistration.cli.token.TokenMigrationSummary;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.approval.Announcements;
import org.matrixregistration.core.approval.ApprovalSignUp;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.approval.LockedAccounts;
import org.matrixregistration.core.approval.OpenRequests;
import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.approval.RequestNotices;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.registration.ReservationSettler;
import org.matrixregistration.core.registration.UnconfirmedUses;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.dist.config.PortalConfig;
import org.matrixregistration.dist.metering.MeteredHomeserverAccounts;
import org.matrixregistration.dist.metering.MeteredRegisterAccount;
import org.matrixregistration.persistence.DatabaseUnavailableException;
import org.matrixregistration.persistence.DatabaseUrl;
import org.matrixregistration.persistence.ImportReport;
import org.matrixregistration.persistence.LegacyImporter;
import org.matrixregistration.persistence.MigrationReport;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.synapse.SynapseHomeserverAccounts;
import org.matrixregistration.synapse.SynapseLockedAccounts;
import org.matrixregistration.synapse.SynapseRoomAnnouncements;
import org.matrixregistration.web.PortalThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every adapter is built here, with plain constructors, in dependency order
 * (settings, database, homeserver, use cases, web), and nowhere else. {@link TokenStores} is the
 * pair of adapters {@code token_store} picks; {@link WebSide} the web stack {@link #serve} runs;
 * {@link Background} its work beside the requests.
 *
 * <p>The database is opened on first use, so that {@code config check} can report an unreachable
 * one instead of failing to start, and {@code --help} needs none. {@link #serve} opens it eagerly:
 * the portal fails fast with one line when the database cannot be used, but starts while the
 * homeserver is down (readiness reports that).
 */
final class Application implements CliEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private final PortalConfig config;
    private final Path workingDirectory;
    private final Clock clock = Clock.systemUTC();
    private final SynapseHomeserverAccounts homeserver;
    private final TokenStores stores;
    private TokenDatabase database;

    Application(PortalConfig config, Path workingDirectory) {
        this.config = config;
        this.workingDirectory = workingDirectory;
        this.homeserver = new SynapseHomeserverAccounts(config.homeserver(), clock);
        this.stores = new TokenStores(config, homeserver, clock);
    }

    private synchronized TokenDatabase database() {
        if (database == null) {
            database = TokenDatabase.open(config.database());
        }
        return database;
    }

    private InviteTokens tokenStore() {
        return stores.store(database());
    }

    @Override
    public AdministerTokens tokens() {
        return administration(tokenStore());
    }

    private TokenAdministration administration(InviteTokens store) {
        return new TokenAdministration(store, WordListTokenNames.bundledOnFirstUse(config.tokens().wordsPerName()), clock,
                approvalAvailable(), approvalUnavailableReason());
    }

    /**
     * Sign-ups can wait for approval when the portal can lock accounts (it has a Synapse admin's
     * token), and not with {@code token_store: synapse}: Synapse would admit the token from any client.
     */
    @Override
    public boolean approvalAvailable() {
        return config.homeserver().adminToken().isPresent() && !stores.synapse();
    }

    @Override
    public String approvalUnavailableReason() {
        return stores.synapse() ? AdministerTokens.APPROVAL_WITH_HOMESERVER_TOKENS : CliEnvironment.super.approvalUnavailableReason();
    }

    @Override
    public String tokenStoreName() {
        return config.tokens().store().key();
    }

    @Override
    public TokenMigrationSummary migrateTokensToSynapse() {
        return new TokenMigration(database().tokens(clock), stores.synapseStore(database()))
                .run("Synapse's registration tokens at " + config.homeserver().baseUrl(), clock.instant());
    }

    /** Decisions from the command line announce synchronously: the process ends right after. */
    @Override
    public DecideRequests requests() {
        RegistrationRequests store = database().registrationRequests();
        return decisions(store, tokenStore(), new RequestNotices(room().map(Announcements.class::cast)
                .orElse(Announcements.NONE), store, Runnable::run, decideUrl()));
    }

    private RequestDecisions decisions(RegistrationRequests store, InviteTokens tokens, RequestNotices notices) {
        return new RequestDecisions(store, tokens, lockedAccounts(), notices, config.approval().expireAfter(), clock);
    }

    private LockedAccounts lockedAccounts() {
        return approvalAvailable() ? new SynapseLockedAccounts(homeserver) : LockedAccounts.UNAVAILABLE;
    }

    /** The admins' room, when approval is available and {@code approval.notify_room} names one. */
    private Optional<SynapseRoomAnnouncements> room() {
        return config.approval().notifyRoom().filter(room -> approvalAvailable())
                .map(room -> new SynapseRoomAnnouncements(homeserver, room));
    }

    /** Where the console lists the requests waiting for a decision, when the public address is known. */
    private Optional<String> decideUrl() {
        return config.adminApi().publicUrl().map(url -> url.toString().replaceAll("/+$", "") + "/admin/requests");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The JVM's zone: {@code TZ} in a container, as the Python tool used the host's local time. */
    @Override
    public ZoneId zone() {
        return config.adminApi().zone();
    }

    @Override
    public Optional<URI> publicUrl() {
        return config.adminApi().publicUrl();
    }

    @Override
    public List<HealthReport> checkDependencies() {
        List<HealthReport> reports = new ArrayList<>();
        try {
            reports.add(database().health().check());
        } catch (DatabaseUnavailableException e) {
            reports.add(HealthReport.unhealthy("database", e.getMessage(), Map.of()));
        }
        reports.add(stores.homeserverHealth().check());
        room().ifPresent(room -> reports.add(room.check()));
        return reports;
    }

    @Override
    public MigrationSummary migrate() {
        MigrationReport report = database().migrate();
        return new MigrationSummary(database().url().toString(), report.applied().size(), report.version());
    }

    @Override
    public ImportSummary importLegacy(String pathOrUrl) {
        DatabaseUrl source = pathOrUrl.contains("://") || pathOrUrl.startsWith("jdbc:")
                ? DatabaseUrl.parse(pathOrUrl, workingDirectory)
                : DatabaseUrl.sqlite(workingDirectory.resolve(pathOrUrl).normalize());
        ImportReport report = new LegacyImporter(database(), clock).importFrom(source);
        return new ImportSummary(source.toString(), report.tokensImported(), report.tokensSkipped(),
                report.usesImported(), List.of());
    }

    @Override
    public void serve() throws InterruptedException {
        // The web server's threads and the database (pool, schema check) start while the web stack
        // is built; see PortalThreads and OpeningInviteTokens.
        PortalThreads threads = PortalThreads.start(config.web());
        try {
            serve(threads);
        } finally {
            threads.close();
        }
    }

    private void serve(PortalThreads threads) throws InterruptedException {
        CompletableFuture<TokenDatabase> opening = CompletableFuture.supplyAsync(this::database);
        InviteTokens store = new OpeningInviteTokens(opening.thenApply(stores::store));
        RegistrationRequests requests = new OpeningRegistrationRequests(
                opening.thenApply(TokenDatabase::registrationRequests));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TokenStores.AccountMaking making = stores.accounts(store);
        HomeserverAccounts accounts = new MeteredHomeserverAccounts(making.accounts(), metrics);
        Optional<SynapseRoomAnnouncements> room = room();
        ExecutorService announcing = Background.announcer();
        RequestNotices notices = new RequestNotices(room.map(Announcements.class::cast).orElse(Announcements.NONE),
                requests, announcing, decideUrl());
        Optional<ApprovalSignUp> approvals = approvalAvailable()
                ? Optional.of(new ApprovalSignUp(requests, store, lockedAccounts(), notices, clock)) : Optional.empty();
        PortalConfig.SignUp signUp = config.signUp();
        RegisterAccount registration = new MeteredRegisterAccount(new RegistrationService(store,
                accounts, signUp.usernames(), signUp.passwords(), signUp.ipLogging(), clock, approvals), metrics);
        RequestDecisions decisions = decisions(requests, store, notices);
        Gauge.builder("matrix_registration.token_uses.unconfirmed", store, InviteTokens::countUnconfirmed)
                .description("Token uses whose homeserver answer was lost, until settled").register(metrics);
        WebSide web = new WebSide(config, clock, opening,
                new WebSide.UseCases(registration, accounts, administration(store), decisions),
                readinessChecks(opening, making.health(), store, requests, room), metrics, threads);
        web.start();
        TokenDatabase db;
        try {
            db = OpeningInviteTokens.await(opening);
        } catch (RuntimeException cannotOpen) {
            web.stop();
            throw cannotOpen;
        }
        ScheduledExecutorService settling = Background.settle(new ReservationSettler(store, accounts,
                signUp.reservationLifetime(), clock, Optional.of(requests)));
        if (approvalAvailable()) {
            Background.expire(settling, decisions);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            LOG.info("Stopping: finishing requests in flight");
            web.stop();
            settling.shutdownNow();
            announcing.shutdown();
            db.close();
            stopped.countDown();
        }, "shutdown");
        web.startOperations().ifPresent(port -> LOG.info("Metrics and readiness on port {}", port));
        Runtime.getRuntime().addShutdownHook(shutdown);
        LOG.info("Database: {}; homeserver: {}; tokens: {}", db.url(), config.homeserver().baseUrl(), stores.describe());
        HealthReport homeserverReport = making.health().check();
        if (!homeserverReport.healthy()) {
            LOG.warn("The homeserver is not ready: {}", homeserverReport.detail());
        }
        if (!approvalAvailable() && config.approval().notifyRoom().isPresent() && !stores.synapse()) {
            LOG.warn("approval.notify_room is ignored: sign-ups that wait for approval need homeserver_admin_token");
        }
        room.map(SynapseRoomAnnouncements::check).filter(report -> !report.healthy())
                .ifPresent(report -> LOG.warn("Registration requests cannot be announced: {}", report.detail()));
        stopped.await();
    }

    /**
     * What readiness runs: the database (once opened), the homeserver, the unconfirmed token uses,
     * and, as details that never make it 503, the open registration requests (when sign-ups can wait
     * for approval) and the admins' room.
     */
    private List<HealthCheck> readinessChecks(CompletableFuture<TokenDatabase> opening, HealthCheck homeserverHealth,
            InviteTokens store, RegistrationRequests requests, Optional<SynapseRoomAnnouncements> room) {
        HealthCheck databaseHealth = new HealthCheck() {
            @Override
            public String component() {
                return "database";
            }

            @Override
            public HealthReport check() {
                return OpeningInviteTokens.await(opening).health().check();
            }
        };
        List<HealthCheck> checks = new ArrayList<>(List.of(databaseHealth, homeserverHealth, new UnconfirmedUses(store)));
        if (approvalAvailable()) {
            checks.add(new OpenRequests(requests));
        }
        room.ifPresent(checks::add);
        return checks;
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
