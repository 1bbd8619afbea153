package org.matrixregistration.dist;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.ImportSummary;
import org.matrixregistration.cli.MigrationSummary;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.registration.ReservationSettler;
import org.matrixregistration.core.registration.UnconfirmedUses;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.dist.config.PortalConfig;
import org.matrixregistration.persistence.DatabaseSettings;
import org.matrixregistration.persistence.DatabaseUnavailableException;
import org.matrixregistration.persistence.DatabaseUrl;
import org.matrixregistration.persistence.ImportReport;
import org.matrixregistration.persistence.LegacyImporter;
import org.matrixregistration.persistence.MigrationReport;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.synapse.SynapseHomeserverAccounts;
import org.matrixregistration.synapse.SynapseSettings;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.admin.AdminApi;
import org.matrixregistration.web.admin.AdminGuard;
import org.matrixregistration.web.console.AdminConsole;
import org.matrixregistration.web.admin.MeteredHomeserverAccounts;
import org.matrixregistration.web.admin.MeteredRegisterAccount;
import org.matrixregistration.web.admin.Operations;
import org.matrixregistration.web.admin.OperationsServer;
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
 */
final class Application implements CliEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    /** How often the settler looks for token uses to settle. */
    static final Duration SETTLE_EVERY = Duration.ofSeconds(5);

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

    private InviteTokens tokenStore() {
        return database().tokens(clock);
    }

    @Override
    public AdministerTokens tokens() {
        return new TokenAdministration(tokenStore(), WordListTokenNames.bundled(config.tokens().wordsPerName()), clock);
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
        reports.add(homeserver.check());
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
                opening.thenApply(db -> db.tokens(clock)));
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
        HomeserverAccounts meteredHomeserver = new MeteredHomeserverAccounts(homeserver, metrics);
        PortalConfig.SignUp signUp = config.signUp();
        RegisterAccount registration = new MeteredRegisterAccount(new RegistrationService(store,
                meteredHomeserver, signUp.usernames(), signUp.passwords(), signUp.ipLogging(), clock), metrics);
        TokenAdministration administration = new TokenAdministration(store,
                WordListTokenNames.bundled(config.tokens().wordsPerName()), clock);
        AdminGuard adminGuard = new AdminGuard(config.adminApi(), clock);
        AdminApi adminApi = new AdminApi(administration, adminGuard, config.adminApi(), clock);
        AdminConsole console = new AdminConsole(administration,
                new OpeningAdminSessions(opening.thenApply(TokenDatabase::adminSessions)), adminGuard, config.adminApi(), clock);
        Operations operations = new Operations(List.of(databaseHealth, homeserver, new UnconfirmedUses(store)), metrics);
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
                signUp.passwords(), config.web(), routeGroups);
        portal.start();
        TokenDatabase db;
        try {
            db = OpeningInviteTokens.await(opening);
        } catch (RuntimeException cannotOpen) {
            portal.stop();
            throw cannotOpen;
        }
        ScheduledExecutorService settling = settleInTheBackground(new ReservationSettler(store, meteredHomeserver,
                config.signUp().reservationLifetime(), clock));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            LOG.info("Stopping: finishing requests in flight");
            portal.stop();
            settling.shutdownNow();
            operationsServer.ifPresent(OperationsServer::stop);
            db.close();
            stopped.countDown();
        }, "shutdown");
        operationsServer.ifPresent(server -> LOG.info("Metrics and readiness on port {}", server.start()));
        Runtime.getRuntime().addShutdownHook(shutdown);
        LOG.info("Database: {}; homeserver: {}", db.url(), config.homeserver().baseUrl());
        HealthReport homeserverHealth = homeserver.check();
        if (!homeserverHealth.healthy()) {
            LOG.warn("The homeserver is not ready: {}", homeserverHealth.detail());
        }
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

    @Override
    public synchronized void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
