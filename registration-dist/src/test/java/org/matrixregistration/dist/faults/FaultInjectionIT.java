package org.matrixregistration.dist.faults;

import static org.junit.jupiter.api.Assertions.assertAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.matrixregistration.dist.faults.FaultProxy.EventType;
import org.matrixregistration.dist.faults.FaultProxy.Fault;
import org.matrixregistration.dist.faults.FaultProxy.Kind;
import org.matrixregistration.dist.faults.FaultProxy.Release;
import org.matrixregistration.dist.faults.PortalProcess.Answer;
import org.matrixregistration.dist.faults.Scenario.Row;

/**
 * Issue 14's fault-injection suite: the packaged portal, as a separate process on a real
 * PostgreSQL (through {@link TcpProxy}), creates accounts on a real Synapse (through
 * {@link FaultProxy}) while things go wrong. After every fault, Synapse has no more of a token's
 * accounts than its limit, and once the token is settled its {@code used} is exactly that number
 * (see {@link Scenario}).
 *
 * <p>The portal runs with {@code homeserver_timeout: 2s} and the shortest {@code
 * reservation_lifetime} the loader accepts (3 x 2 s + 30 s = 36 s), so a use whose account does not
 * exist is freed within about 40 s. To keep the suite short, the proxy faults run side by side on
 * one portal (faults are chosen by username), and the faults that stop a whole component (Synapse
 * paused or killed, PostgreSQL cut or restarted, the portal killed) run one after the other while
 * the earlier ones settle. One portal has {@code homeserver_admin_token} (existence is exact); a
 * second has none (existence from the client API).
 *
 * <p>Every wait is bounded; nothing sleeps to synchronise: tests wait for the fault proxy's events,
 * for answers (futures with timeouts) and poll the admin API with a deadline. The report table is
 * printed and written to {@code target/fault-injection/report.md}; the portals' logs are beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {
    static final Duration HOMESERVER_TIMEOUT = Duration.ofSeconds(2);
    /** The shortest the loader accepts: 3 x homeserver_timeout + 30 s. */
    static final Duration RESERVATION_LIFETIME = HOMESERVER_TIMEOUT.multipliedBy(3).plusSeconds(30);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Path WORK = Path.of("target", "fault-injection");

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-scenario");
        thread.setDaemon(true);
        return thread;
    });
    private static final List<Row> REPORT = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicReference<PortalProcess> EXACT = new AtomicReference<>();
    private static final AtomicReference<PortalProcess> CLIENT_API = new AtomicReference<>();
    private static final Supplier<PortalProcess> exact = EXACT::get;
    private static final Supplier<PortalProcess> clientApi = CLIENT_API::get;

    private static FaultBench bench;
    private static FaultProxy proxy;
    private static Path exactDir;
    private static String exactConfig;
    private static long suiteStarted;

    @BeforeAll
    static void start() throws Exception {
        suiteStarted = System.nanoTime();
        bench = FaultBench.start();
        proxy = bench.homeserverProxy;
        exactDir = Files.createDirectories(WORK.resolve("portal-admin-token"));
        Path clientApiDir = Files.createDirectories(WORK.resolve("portal-client-api"));
        exactConfig = config(bench.newDbSetting(), true);
        String clientApiConfig = config(bench.newDbSetting(), false);
        Future<PortalProcess> second = THREADS.submit(() -> PortalProcess.start(clientApiDir, clientApiConfig, "portal-1"));
        EXACT.set(PortalProcess.start(exactDir, exactConfig, "portal-1"));
        CLIENT_API.set(second.get(90, TimeUnit.SECONDS));
        System.out.printf("fault suite: set up in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - suiteStarted));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (AtomicReference<PortalProcess> portal : List.of(EXACT, CLIENT_API)) {
                if (portal.get() != null) {
                    portal.get().stop();
                }
            }
            if (bench != null) {
                bench.close();
            }
        } finally {
            THREADS.shutdownNow();
            report();
        }
    }

    private static String config(String db, boolean adminToken) {
        return """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                %s
                homeserver_timeout: %ds
                reservation_lifetime: %ds
                admin_api_shared_secret: '%s'
                db: '%s'
                rate_limit: ['100000 per minute']
                admin_api_rate_limit: ['100000 per minute']
                shutdown_grace: 2s
                """.formatted(proxy.url(), bench.synapse.serverName(), bench.synapse.sharedSecret(),
                adminToken ? "homeserver_admin_token: '" + bench.adminToken() + "'" : "",
                HOMESERVER_TIMEOUT.toSeconds(), RESERVATION_LIFETIME.toSeconds(), PortalProcess.ADMIN_SECRET, db);
    }

    // ====================================================================== proxy faults, side by side

    @Test
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void proxyFaultsSideBySideLeaveEveryTokenCountingExactlyItsAccounts() throws Exception {
        List<Callable<Row>> scenarios = List.of(
                () -> singleUse(exact, "latency 0.5 s (within homeserver_timeout)", Fault.latency(Duration.ofMillis(500))),
                () -> singleUse(exact, "latency 3.5 s (beyond homeserver_timeout: the POST lands after the portal gave up)",
                        Fault.latency(Duration.ofMillis(3500))),
                () -> singleUse(exact, "connection reset before the request is forwarded", Fault.of(Kind.RESET_BEFORE_FORWARDING)),
                () -> singleUse(exact, "connection reset after the request was forwarded", Fault.of(Kind.RESET_AFTER_FORWARDING)),
                () -> singleUse(exact, "answer dropped after Synapse committed", Fault.of(Kind.DROP_ANSWER)),
                () -> singleUse(exact, "proxy's 502 after Synapse committed", Fault.of(Kind.BAD_GATEWAY_AFTER_ANSWER)),
                () -> singleUse(exact, "proxy's 503, not forwarded", Fault.of(Kind.UNAVAILABLE_WITHOUT_FORWARDING)),
                () -> singleUse(clientApi, "[no admin token] answer dropped after Synapse committed", Fault.of(Kind.DROP_ANSWER)),
                () -> singleUse(clientApi, "[no admin token] connection reset before the request is forwarded",
                        Fault.of(Kind.RESET_BEFORE_FORWARDING)),
                () -> singleUse(clientApi, "[no admin token] latency 3.5 s (the POST lands after the portal gave up)",
                        Fault.latency(Duration.ofMillis(3500))),
                () -> fewUse(exact, "3-use token, 6 sign-ups at once: dropped answer, reset before, latency 3.5 s, 503, 502 after commit, none",
                        3, List.of(Fault.of(Kind.DROP_ANSWER), Fault.of(Kind.RESET_BEFORE_FORWARDING),
                                Fault.latency(Duration.ofMillis(3500)), Fault.of(Kind.UNAVAILABLE_WITHOUT_FORWARDING),
                                Fault.of(Kind.BAD_GATEWAY_AFTER_ANSWER), Fault.latency(Duration.ZERO))),
                () -> fewUse(clientApi, "[no admin token] 2-use token, 3 sign-ups at once: reset before, 503, none",
                        2, List.of(Fault.of(Kind.RESET_BEFORE_FORWARDING), Fault.of(Kind.UNAVAILABLE_WITHOUT_FORWARDING),
                                Fault.latency(Duration.ZERO))));
        List<Future<Row>> running = new ArrayList<>();
        for (Callable<Row> scenario : scenarios) {
            running.add(THREADS.submit(scenario));
        }
        awaitAll("proxy faults", running);
    }

    /**
     * A single-use token: the first sign-up meets the fault; a second (no fault) right after it must
     * be refused, whether the first is settled yet or not.
     */
    private static Row singleUse(Supplier<PortalProcess> portal, String fault, Fault injected) throws Exception {
        Scenario scenario = Scenario.create(bench, portal, 1, fault);
        String first = scenario.user("first", injected);
        String second = scenario.user("second", null);
        scenario.signUp(first);
        boolean unsettled = scenario.recordBefore().pending() > 0;
        scenario.checkRefused(second, scenario.signUp(second), unsettled ? "while the first was unsettled" : "(used up)");
        return scenario.settleAndCheck();
    }

    /**
     * A token with a few uses and more sign-ups at once than it has, each with its own fault (a
     * latency of 0 means none). After settling, every freed use is taken by a fresh sign-up, and one
     * more is refused: no use was lost.
     */
    private static Row fewUse(Supplier<PortalProcess> portal, String fault, int limit, List<Fault> faults) throws Exception {
        Scenario scenario = Scenario.create(bench, portal, limit, fault);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            String localpart = scenario.user("wave" + i, faults.get(i));
            answers.add(THREADS.submit(() -> scenario.signUp(localpart)));
        }
        for (Future<Answer> answer : answers) {
            answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        scenario.recordBefore();
        Row settled = scenario.settleAndCheck();
        int free = limit - settled.after().used();
        for (int i = 0; i < free; i++) {
            String localpart = scenario.user("refill" + i, null);
            Answer answer = scenario.signUp(localpart);
            scenario.check(answer.status() == 200, "a freed use could not be taken again by " + localpart + ": " + answer);
        }
        String over = scenario.user("over", null);
        scenario.checkRefused(over, scenario.signUp(over), "once the freed uses were taken");
        scenario.note(free + " freed use(s) taken again after settling");
        Row refilled = scenario.settleAndCheck();
        return new Row(refilled.fault(), refilled.answers(), refilled.accounts(), refilled.limit(), settled.before(),
                refilled.after(), settled.settle(), refilled.notes() + "; used " + settled.after().used() + " right after settling");
    }

    // ====================================================================== whole components, one at a time

    @Test
    @Order(2)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void componentFaultsOneAtATimeLeaveEveryTokenCountingExactlyItsAccounts() throws Exception {
        List<Future<Row>> settling = new ArrayList<>();
        phase(settling, FaultInjectionIT::synapsePaused);
        phase(settling, FaultInjectionIT::synapseKilled);
        phase(settling, FaultInjectionIT::postgresConnectionsCut);
        phase(settling, FaultInjectionIT::postgresUnreachable);
        phase(settling, FaultInjectionIT::postgresRestarted);
        phase(settling, FaultInjectionIT::portalKilledPostLands);
        awaitAll("component faults", settling);
    }

    private interface Phase {
        List<Future<Row>> run() throws Exception;
    }

    /** Runs a fault phase now; what it leaves to settle goes on in the background. A failed phase fails its future. */
    private static void phase(List<Future<Row>> settling, Phase phase) {
        try {
            settling.addAll(phase.run());
        } catch (Throwable failed) {
            settling.add(CompletableFuture.failedFuture(failed));
        }
    }

    private static Future<Row> settleInBackground(Scenario scenario) {
        return THREADS.submit(scenario::settleAndCheck);
    }

    /** The sign-up whose POST the proxy holds, and a second one with the same token meanwhile, which must be refused. */
    private static Future<Answer> signUpHeld(Scenario scenario, String first, String second) throws Exception {
        Future<Answer> answer = THREADS.submit(() -> scenario.signUp(first));
        proxy.await(first, EventType.RECEIVED, EVENT_TIMEOUT);
        scenario.checkRefused(second, scenario.signUp(second), "while the first was in flight");
        return answer;
    }

    private static Answer await(Future<Answer> answer) throws Exception {
        return answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Future<Row>> synapsePaused() throws Exception {
        Scenario scenario = Scenario.create(bench, exact, 1, "Synapse paused (docker pause) with the POST inside, then unpaused");
        String first = scenario.user("first", Fault.of(Kind.HOLD));
        Future<Answer> answer = signUpHeld(scenario, first, scenario.user("second", null));
        bench.pauseSynapse();
        try {
            proxy.release(first, Release.FORWARD);
            proxy.await(first, EventType.FORWARDED, EVENT_TIMEOUT);
            await(answer);
            scenario.recordBeforeWithoutSynapse();
        } finally {
            bench.unpauseSynapse();
        }
        proxy.await(first, EventType.DONE, EVENT_TIMEOUT);
        scenario.checkBeforeAccounts();
        scenario.note("Synapse then answered the POST " + statusOf(first));
        return List.of(settleInBackground(scenario));
    }

    private static List<Future<Row>> synapseKilled() throws Exception {
        Scenario scenario = Scenario.create(bench, exact, 1, "Synapse killed (SIGKILL) with the POST inside, started again");
        String first = scenario.user("first", Fault.of(Kind.HOLD));
        Future<Answer> answer = signUpHeld(scenario, first, scenario.user("second", null));
        proxy.release(first, Release.FORWARD);
        proxy.await(first, EventType.FORWARDED, EVENT_TIMEOUT);
        bench.killSynapse();
        long killed = System.nanoTime();
        try {
            await(answer);
            scenario.recordBeforeWithoutSynapse();
        } finally {
            bench.startSynapseAgain(Duration.ofSeconds(90));
        }
        scenario.note("Synapse up again " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed)
                + " s after the kill; the POST got " + statusOf(first));
        scenario.checkBeforeAccounts();
        return List.of(settleInBackground(scenario));
    }

    private static List<Future<Row>> postgresConnectionsCut() throws Exception {
        Scenario scenario = Scenario.create(bench, exact, 1, "PostgreSQL connections cut mid-sign-up (POST held meanwhile)");
        String first = scenario.user("first", Fault.of(Kind.HOLD));
        Future<Answer> answer = signUpHeld(scenario, first, scenario.user("second", null));
        int cut = bench.databaseProxy.cutAll();
        proxy.release(first, Release.FORWARD);
        await(answer);
        scenario.recordBefore();
        scenario.note(cut + " database connection(s) cut");
        return List.of(settleInBackground(scenario));
    }

    private static List<Future<Row>> postgresUnreachable() throws Exception {
        Scenario scenario = Scenario.create(bench, exact, 1,
                "PostgreSQL unreachable when the account is created (connections cut, new ones refused until the portal answered)");
        String first = scenario.user("first", Fault.of(Kind.HOLD));
        Future<Answer> answer = signUpHeld(scenario, first, scenario.user("second", null));
        bench.databaseProxy.refuseNew(true);
        long down = System.nanoTime();
        try {
            bench.databaseProxy.cutAll();
            proxy.release(first, Release.FORWARD);
            await(answer);
        } finally {
            bench.databaseProxy.refuseNew(false);
        }
        scenario.note("database unreachable for " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - down) + " s");
        scenario.recordBefore();
        return List.of(settleInBackground(scenario));
    }

    private static List<Future<Row>> postgresRestarted() throws Exception {
        Scenario scenario = Scenario.create(bench, exact, 1,
                "PostgreSQL restarted mid-sign-up (POST held through the restart, then lands)");
        String first = scenario.user("first", Fault.of(Kind.HOLD));
        Future<Answer> answer = signUpHeld(scenario, first, scenario.user("second", null));
        long restarting = System.nanoTime();
        bench.restartPostgres(Duration.ofSeconds(60));
        scenario.note("PostgreSQL back after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarting) + " ms");
        await(answer);
        proxy.release(first, Release.FORWARD);
        proxy.await(first, EventType.DONE, EVENT_TIMEOUT);
        scenario.note("the POST then got " + statusOf(first));
        scenario.recordBefore();
        return List.of(settleInBackground(scenario));
    }

    /**
     * Two single-use tokens, a sign-up of each held in the proxy; the portal is killed with SIGKILL;
     * one POST then reaches Synapse, the other never does; the portal starts again on the same
     * database, refuses both tokens while their uses are unsettled, and settles them.
     */
    private static List<Future<Row>> portalKilledPostLands() throws Exception {
        Scenario lands = Scenario.create(bench, exact, 1, "portal killed (SIGKILL) mid-sign-up, the POST then lands; restarted");
        Scenario lost = Scenario.create(bench, exact, 1, "portal killed (SIGKILL) mid-sign-up, the POST never arrives; restarted");
        String landing = lands.user("first", Fault.of(Kind.HOLD));
        String dropped = lost.user("first", Fault.of(Kind.HOLD));
        Future<Answer> landingAnswer = signUpHeld(lands, landing, lands.user("second", null));
        Future<Answer> droppedAnswer = signUpHeld(lost, dropped, lost.user("second", null));
        EXACT.get().kill();
        await(landingAnswer);
        await(droppedAnswer);
        proxy.release(landing, Release.FORWARD);
        proxy.release(dropped, Release.DROP);
        proxy.await(landing, EventType.DONE, EVENT_TIMEOUT);
        proxy.await(dropped, EventType.DONE, EVENT_TIMEOUT);
        lands.note("the POST got " + statusOf(landing) + " from Synapse after the kill");
        EXACT.set(PortalProcess.start(exactDir, exactConfig, "portal-2"));
        for (Scenario scenario : List.of(lands, lost)) {
            scenario.recordBefore();
            String third = scenario.user("third", null);
            scenario.checkRefused(third, scenario.signUp(third), "by the restarted portal");
        }
        return List.of(settleInBackground(lands), settleInBackground(lost));
    }

    private static String statusOf(String username) {
        return proxy.eventsOf(username).stream()
                .filter(event -> event.type() == EventType.ANSWERED || event.type() == EventType.UPSTREAM_FAILED)
                .map(event -> event.type() == EventType.ANSWERED ? "HTTP " + event.status() : "no answer (Synapse failed)")
                .findFirst().orElse("nothing");
    }

    // ====================================================================== results

    private static void awaitAll(String group, List<Future<Row>> futures) {
        List<Executable> checks = new ArrayList<>();
        for (Future<Row> future : futures) {
            checks.add(() -> {
                try {
                    REPORT.add(future.get(Scenario.SETTLE_DEADLINE.toSeconds() + 60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            });
        }
        assertAll(group, checks);
    }

    private static void report() throws IOException {
        StringBuilder table = new StringBuilder("""
                | fault | portal answered | Synapse accounts / limit | before settling | after settling | time to settle | notes |
                |---|---|---|---|---|---|---|
                """);
        synchronized (REPORT) {
            for (Row row : REPORT) {
                table.append("| ").append(row.fault()).append(" | ").append(row.answers()).append(" | ")
                        .append(row.accounts()).append(" / ").append(row.limit()).append(" | ")
                        .append(row.before()).append(" | ").append(row.after()).append(" | ")
                        .append(row.settle().isZero() ? "settled by the sign-up" : row.settle().toSeconds() + " s")
                        .append(" | ").append(row.notes()).append(" |\n");
            }
        }
        table.append("\nsuite wall time: ").append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - suiteStarted)).append(" s\n");
        System.out.println(table);
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("report.md"), table, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
