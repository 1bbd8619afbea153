package org.matrixregistration.dist;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.ImportSummary;
import org.matrixregistration.cli.MigrationSummary;
import org.matrixregistration.cli.TokenMigrationSummary;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
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
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.registration.ReservationSettler;
import org.matrixregistration.core.registration.UnconfirmedUses;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.dist.config.PortalConfig;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.DatabaseUnavailableException;
import org.matrixregistration.persistence.DatabaseUrl;
import org.matrixregistration.persistence.JdbcHomeserverInviteTokens;
import org.matrixregistration.persistence.ImportReport;
import org.matrixregistration.persistence.LegacyImporter;
import org.matrixregistration.persistence.MigrationReport;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.synapse.SynapseHomeserverAccounts;
import org.matrixregistration.synapse.SynapseLockedAccounts;
import org.matrixregistration.synapse.SynapseRegistrationTokens;
import org.matrixregistration.synapse.SynapseRoomAnnouncements;
import org.matrixregistration.synapse.SynapseSettings;
import org.matrixregistration.synapse.SynapseTokenRegistration;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.web.RateLimitStore;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.admin.AdminApi;
import org.matrixregistration.web.admin.AdminGuard;
import org.matrixregistration.web.console.AdminConsole;
import org.matrixregistration.dist.metering.MeteredHomeserverAccounts;
import org.matrixregistration.dist.metering.MeteredRegisterAccount;
import org.matrixregistration.web.operations.Operations;
import org.matrixregistration.web.operations.OperationsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every adapter is built here, with plain constructors, in dependency order
 * (settings, database, homeserver, use cases, web), and nowhere else.
 *
 * <p>The database is opened on first use, so that {@code config check} can report an unreachable
 * one instead of failing to start, and {@code --help} needs none. {@link #serve} opens it eagerly:
 * the portal fails fast with one line when the database cannot be used, but starts while the
 * homeserver is down (readiness reports that).
 *
 * <p>{@code token_store} picks a pair of adapters and nothing else: {@code portal} (the default) the
 * portal's own token store and shared-secret registration; {@code synapse} Synapse's registration
 * tokens with the portal's side tables ({@link JdbcHomeserverInviteTokens}) and registration through
 * Synapse's own client API ({@link SynapseTokenRegistration}), which presents the token. The use
 * cases are the same in both.
 */
final class Application implements CliEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    /** How often the settler looks for token uses to settle. */
    static final Duration SETTLE_EVERY = Duration.ofSeconds(5);
    /** How often pending registration requests are checked for expiry. */
    static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);
    /** Announcements waiting for the admins' room; beyond this they are dropped (and logged). */
    static final int ANNOUNCEMENT_QUEUE = 100;

    private final PortalConfig config;
    private final Path workingDirectory;
    private final Clock clock = Clock.systemUTC();
    private final SynapseHomeserverAccounts homeserver;
    private TokenDatabase database;

    Application(PortalConfig config, Path workingDirectory) {
        this.config = config;
        this.workingDirectory = workingDirectory;
        this.homeserver = new SynapseHomeserverAccounts(config.homeserver());
    }

    private synchronized TokenDatabase database() {
        if (database == null) {
            database = TokenDatabase.open(config.database());
        }
        return database;
    }

    private boolean synapseTokens() {
        return config.tokens().store() == PortalConfig.TokenStore.SYNAPSE;
    }

    private InviteTokens tokenStore() {
        return tokenStore(database());
    }

    private InviteTokens tokenStore(TokenDatabase db) {
        return synapseTokens() ? synapseTokenStore(db) : db.tokens(clock);
    }

    private JdbcHomeserverInviteTokens synapseTokenStore(TokenDatabase db) {
        return db.homeserverTokens(new SynapseRegistrationTokens(config.homeserver()), clock);
    }

    @Override
    public AdministerTokens tokens() {
        return administration(tokenStore());
    }

    private TokenAdministration administration(InviteTokens store) {
        return new TokenAdministration(store, WordListTokenNames.bundled(config.tokens().wordsPerName()), clock,
                approvalAvailable(), approvalUnavailableReason());
    }

    /**
     * Sign-ups can wait for approval when the portal can lock accounts (it has a Synapse admin's
     * token), and not with {@code token_store: synapse}: Synapse would admit the token from any client.
     */
    @Override
    public boolean approvalAvailable() {
        return config.homeserver().adminToken().isPresent() && !synapseTokens();
    }

    @Override
    public String approvalUnavailableReason() {
        return synapseTokens() ? AdministerTokens.APPROVAL_WITH_HOMESERVER_TOKENS : CliEnvironment.super.approvalUnavailableReason();
    }

    @Override
    public String tokenStoreName() {
        return config.tokens().store().key();
    }

    /**
     * The homeserver's health as the configured way of making accounts needs it. The registration
     * adapter's health check never touches its token store, so none is opened for it here.
     */
    private HealthCheck homeserverHealth() {
        return synapseTokens() ? new SynapseTokenRegistration(config.homeserver(), new InMemoryInviteTokens()) : homeserver;
    }

    @Override
    public TokenMigrationSummary migrateTokensToSynapse() {
        JdbcHomeserverInviteTokens synapse = synapseTokenStore(database());
        return new TokenMigration(database().tokens(clock), synapse)
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
        reports.add(homeserverHealth().check());
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
        // The database opens (pool, schema check) while the web stack is built; see OpeningInviteTokens.
        CompletableFuture<TokenDatabase> opening = CompletableFuture.supplyAsync(this::database);
        InviteTokens store = new OpeningInviteTokens(
                opening.thenApply(this::tokenStore));
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
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // With token_store: synapse accounts are made through Synapse's own registration, which checks
        // and counts the invite token; the store is told when Synapse has counted a use.
        SynapseTokenRegistration tokenRegistration = synapseTokens()
                ? new SynapseTokenRegistration(config.homeserver(), store) : null;
        HomeserverAccounts accounts = tokenRegistration != null ? tokenRegistration : homeserver;
        HealthCheck homeserverHealth = tokenRegistration != null ? tokenRegistration : homeserver;
        HomeserverAccounts meteredHomeserver = new MeteredHomeserverAccounts(accounts, metrics);
        PortalConfig.SignUp signUp = config.signUp();
        RegistrationRequests requests = new OpeningRegistrationRequests(
                opening.thenApply(TokenDatabase::registrationRequests));
        Optional<SynapseRoomAnnouncements> room = room();
        ExecutorService announcing = announcer();
        RequestNotices notices = new RequestNotices(room.map(Announcements.class::cast).orElse(Announcements.NONE),
                requests, announcing, decideUrl());
        Optional<ApprovalSignUp> approvals = approvalAvailable()
                ? Optional.of(new ApprovalSignUp(requests, store, lockedAccounts(), notices, clock)) : Optional.empty();
        RegisterAccount registration = new MeteredRegisterAccount(new RegistrationService(store,
                meteredHomeserver, signUp.usernames(), signUp.passwords(), signUp.ipLogging(), clock, approvals), metrics);
        TokenAdministration administration = administration(store);
        RequestDecisions decisions = decisions(requests, store, notices);
        // On PostgreSQL every instance shares the limits' buckets; until the database is open, and
        // on SQLite, they are this process's.
        RateLimitStore limits = config.database().url().kind() == DatabaseUrl.Kind.POSTGRESQL
                ? RateLimitStore.shared(opening.thenApply(TokenDatabase::rateLimitBuckets))
                : RateLimitStore.inProcess();
        AdminGuard adminGuard = new AdminGuard(config.adminApi(), limits);
        AdminApi adminApi = new AdminApi(administration, Optional.of(decisions), adminGuard, config.adminApi(), clock);
        AdminConsole console = new AdminConsole(administration, Optional.of(decisions),
                new OpeningAdminSessions(opening.thenApply(TokenDatabase::adminSessions)), adminGuard, config.adminApi(), clock);
        List<HealthCheck> checks = new ArrayList<>(List.of(databaseHealth, homeserverHealth, new UnconfirmedUses(store)));
        if (approvalAvailable()) {
            checks.add(new OpenRequests(requests));
        }
        room.ifPresent(checks::add);
        Operations operations = new Operations(checks, metrics, adminGuard);
        Gauge.builder("matrix_registration.token_uses.unconfirmed", store, InviteTokens::countUnconfirmed)
                .description("Token uses whose homeserver answer was lost, until settled").register(metrics);
        Optional<OperationsServer> operationsServer = config.metrics().port()
                .filter(port -> config.metrics().enabled())
                .map(port -> new OperationsServer(operations, config.web().bindHost(), port));
        List<RouteGroup> routeGroups = new ArrayList<>(List.of(adminApi, console));
        if (config.metrics().enabled()) {
            routeGroups.add(operationsServer.isPresent() ? operations.measuringOnly() : operations);
        }
        RegistrationPortal portal = new RegistrationPortal(registration, meteredHomeserver, signUp.usernames(),
                signUp.passwords(), config.web(), routeGroups, limits);
        FunctionCounter.builder("matrix_registration.untrusted_forwarded_requests", portal,
                        RegistrationPortal::untrustedForwardedRequests)
                .description("Requests with X-Forwarded-For from a peer not in trusted_proxies").register(metrics);
        portal.start();
        TokenDatabase db;
        try {
            db = OpeningInviteTokens.await(opening);
        } catch (RuntimeException cannotOpen) {
            portal.stop();
            throw cannotOpen;
        }
        ScheduledExecutorService settling = settleInTheBackground(new ReservationSettler(store, meteredHomeserver,
                config.signUp().reservationLifetime(), clock, Optional.of(requests)));
        if (approvalAvailable()) {
            expireInTheBackground(settling, decisions);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            LOG.info("Stopping: finishing requests in flight");
            portal.stop();
            settling.shutdownNow();
            announcing.shutdown();
            operationsServer.ifPresent(OperationsServer::stop);
            db.close();
            stopped.countDown();
        }, "shutdown");
        operationsServer.ifPresent(server -> LOG.info("Metrics and readiness on port {}", server.start()));
        Runtime.getRuntime().addShutdownHook(shutdown);
        LOG.info("Database: {}; homeserver: {}; tokens: {}", db.url(), config.homeserver().baseUrl(),
                synapseTokens() ? "Synapse's registration tokens" : "the portal's database");
        HealthReport homeserverReport = homeserverHealth.check();
        if (!homeserverReport.healthy()) {
            LOG.warn("The homeserver is not ready: {}", homeserverReport.detail());
        }
        if (!approvalAvailable() && config.approval().notifyRoom().isPresent() && !synapseTokens()) {
            LOG.warn("approval.notify_room is ignored: sign-ups that wait for approval need homeserver_admin_token");
        }
        room.map(SynapseRoomAnnouncements::check).filter(report -> !report.healthy())
                .ifPresent(report -> LOG.warn("Registration requests cannot be announced: {}", report.detail()));
        stopped.await();
    }

    /**
     * Runs the settler every {@link #SETTLE_EVERY} on a daemon thread: uncertain token uses are due
     * at once, so a lost answer is looked into within seconds; a failing pass (database down) is
     * logged and the next one tries again.
     */
    private static ScheduledExecutorService settleInTheBackground(ReservationSettler settler) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "settler");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                settler.settleDue();
            } catch (RuntimeException e) {
                LOG.warn("Settling token uses failed; trying again in {} s: {}", SETTLE_EVERY.toSeconds(), e.getMessage());
            }
        }, SETTLE_EVERY.toMillis(), SETTLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return executor;
    }

    /**
     * Denies pending requests older than {@code approval.expire_after} every {@link #EXPIRE_EVERY},
     * on the settler's thread.
     */
    private static void expireInTheBackground(ScheduledExecutorService executor, RequestDecisions decisions) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                int expired = decisions.expirePending();
                if (expired > 0) {
                    LOG.info("Denied {} registration request(s) nobody decided in time", expired);
                }
            } catch (RuntimeException e) {
                LOG.warn("Expiring registration requests failed; trying again in {} s: {}", EXPIRE_EVERY.toSeconds(),
                        e.getMessage());
            }
        }, EXPIRE_EVERY.toMillis(), EXPIRE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One daemon thread posts to the admins' room, so that a slow room never holds a sign-up; a
     * backlog beyond {@link #ANNOUNCEMENT_QUEUE} is dropped with a warning rather than kept in memory.
     */
    private static ExecutorService announcer() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ANNOUNCEMENT_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "announcer");
                    thread.setDaemon(true);
                    return thread;
                }, (task, pool) -> LOG.warn("Dropped an announcement: {} are waiting for the admins' room already",
                        ANNOUNCEMENT_QUEUE));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
