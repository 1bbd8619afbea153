package org.matrixregistration.dist.faults;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.matrixregistration.dist.faults.FaultProxy.Fault;
import org.matrixregistration.dist.faults.PortalProcess.Answer;
import org.matrixregistration.dist.faults.PortalProcess.TokenState;

/**
 * One token and every sign-up tried with it under one fault, and the checks of issue 14 on it:
 * Synapse never has more accounts among the attempted user IDs than the token's limit, and once
 * the token is settled ({@code pending} 0) its {@code used} is exactly that number, recorded for
 * exactly those accounts.
 */
final class Scenario {
    /** How long after its first sign-up a scenario may take to settle. */
    static final Duration SETTLE_DEADLINE = Duration.ofSeconds(150);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration READ_RETRIES = Duration.ofSeconds(15);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A line of the report. */
    record Row(String fault, String answers, int accounts, int limit, TokenState before, TokenState after,
            Duration settle, String notes) {}

    final String fault;
    final int limit;
    final String token;
    private final FaultBench bench;
    private final Supplier<PortalProcess> portal;
    private final long started = System.nanoTime();
    /** Localpart to the answer it got (null while it has none), in the order they were made. */
    private final Map<String, Answer> attempts = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private TokenState before;

    private Scenario(FaultBench bench, Supplier<PortalProcess> portal, int limit, String fault, String token) {
        this.bench = bench;
        this.portal = portal;
        this.limit = limit;
        this.fault = fault;
        this.token = token;
    }

    /** Makes a token with {@code limit} uses through the admin API. */
    static Scenario create(FaultBench bench, Supplier<PortalProcess> portal, int limit, String fault)
            throws IOException, InterruptedException {
        return new Scenario(bench, portal, limit, fault, portal.get().createToken(limit, "fault: " + fault));
    }

    /**
     * A fresh localpart for a sign-up, {@code f<random>-label}, whose registration gets {@code fault}
     * in the proxy ({@code null}: passes untouched).
     */
    synchronized String user(String label, Fault fault) {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String prefix = "f" + HexFormat.of().formatHex(random) + "-";
        if (fault != null) {
            bench.homeserverProxy.inject(prefix, fault);
        }
        String localpart = prefix + label;
        attempts.put(localpart, null);
        return localpart;
    }

    String userId(String localpart) {
        return "@" + localpart + ":" + bench.synapse.serverName();
    }

    Answer signUp(String localpart) throws InterruptedException {
        Answer answer = portal.get().signUp(localpart, token);
        synchronized (this) {
            attempts.put(localpart, answer);
        }
        return answer;
    }

    TokenState state() throws IOException, InterruptedException {
        return portal.get().token(token);
    }

    private interface Read<T> {
        T read() throws IOException, InterruptedException;
    }

    /**
     * An admin API read, tried again for up to {@link #READ_RETRIES}: right after a fault a read may
     * draw a pooled database connection that the fault broke, and answer 500 once. Such failures
     * are noted in the report, as they are what an admin would see.
     */
    private <T> T read(Read<T> read) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READ_RETRIES.toNanos();
        while (true) {
            try {
                return read.read();
            } catch (IOException e) {
                noteAdminError(e);
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** The token as it stands once the fault is over, before anything was settled, and Synapse's accounts then. */
    TokenState recordBefore() throws IOException, InterruptedException {
        TokenState state = recordBeforeWithoutSynapse();
        checkBeforeAccounts();
        return state;
    }

    /** As {@link #recordBefore()}, for when Synapse cannot be asked (paused, killed): call {@link #checkBeforeAccounts()} later. */
    TokenState recordBeforeWithoutSynapse() throws IOException, InterruptedException {
        TokenState state = read(this::state);
        synchronized (this) {
            before = state;
        }
        check(state.used() + state.pending() <= limit, "used + pending exceed the limit before settling: " + state);
        return state;
    }

    void checkBeforeAccounts() throws IOException, InterruptedException {
        checkAccounts("before settling");
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    /** An admin API answer 5xx (not a portal that is down) is noted, once per kind. */
    private void noteAdminError(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(" answered ")) {
            String note = "admin API: GET " + message.replaceAll("^/api/token/[^/ ]+", "/api/token/{name}")
                    .replaceAll(":\\s*\\{.*", "").strip() + ", repeated";
            synchronized (this) {
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            }
        }
    }

    void check(boolean condition, String problem) {
        if (!condition) {
            throw new AssertionError(fault + " (token " + token + "): " + problem);
        }
    }

    /** Checks that a sign-up with the token was refused because of the token, and notes whether it was unsettled then. */
    void checkRefused(String localpart, Answer answer, String when) {
        check(answer.refusedToken(), "sign-up of " + localpart + " " + when + " was not refused for its token: " + answer);
        note(localpart.substring(localpart.indexOf('-') + 1) + " refused " + when);
    }

    /**
     * Waits (bounded) until the token has no pending use and nothing of this scenario is left inside
     * the fault proxy, then checks the counts against Synapse. Returns the report line.
     */
    Row settleAndCheck() throws IOException, InterruptedException {
        long deadline = started + SETTLE_DEADLINE.toNanos();
        TokenState after = null;
        Object last = "nothing yet";
        while (after == null) {
            try {
                TokenState state = state();
                if (state.pending() == 0) {
                    after = state;
                    break;
                }
                last = state;
            } catch (IOException portalDownOrFailed) {
                last = portalDownOrFailed.getMessage();
                noteAdminError(portalDownOrFailed);
            }
            check(System.nanoTime() < deadline, "not settled within " + SETTLE_DEADLINE + " of the first sign-up; last: " + last);
            Thread.sleep(POLL.toMillis());
        }
        Duration settle = Duration.ofNanos(System.nanoTime() - started);
        for (String localpart : localparts()) {
            bench.homeserverProxy.awaitQuiet(localpart, Duration.ofSeconds(FaultProxy.UPSTREAM_ANSWER_SECONDS + 10));
        }
        for (String localpart : localparts()) {
            long posts = bench.homeserverProxy.eventsOf(localpart).stream()
                    .filter(event -> event.type() == FaultProxy.EventType.RECEIVED).count();
            if (posts > 1) {
                note(localpart.substring(localpart.indexOf('-') + 1) + "'s registration POST reached the proxy " + posts + " times");
            }
        }
        Set<String> accounts = checkAccounts("after settling");
        check(after.unconfirmed() == 0, "settled, yet unconfirmed uses remain: " + after);
        check(after.used() == accounts.size(), "used is " + after.used() + " but Synapse has " + accounts.size()
                + " of the token's accounts " + accounts + (after.used() > accounts.size() ? " (phantom use)" : " (lost use)"));
        Set<String> recorded = new TreeSet<>(read(() -> portal.get().usedBy(token)));
        check(recorded.equals(accounts), "the recorded uses " + recorded + " are not the accounts Synapse has " + accounts);
        check(after.active() == (after.used() < limit), "active is " + after.active() + " with " + after);
        synchronized (this) {
            return new Row(fault, answers(), accounts.size(), limit, before, after,
                    before != null && before.pending() == 0 ? Duration.ZERO : settle, String.join("; ", notes));
        }
    }

    /**
     * The accounts Synapse has among the attempted user IDs; checks that they are no more than the
     * limit, that every sign-up answered 200 has its account and no sign-up refused for its token has one.
     */
    private Set<String> checkAccounts(String when) throws IOException, InterruptedException {
        Set<String> accounts = new TreeSet<>();
        Map<String, Answer> answers;
        synchronized (this) {
            answers = new LinkedHashMap<>(attempts);
        }
        for (Map.Entry<String, Answer> attempt : answers.entrySet()) {
            String userId = userId(attempt.getKey());
            boolean exists = bench.accountExists(userId);
            if (exists) {
                accounts.add(userId);
            }
            Answer answer = attempt.getValue();
            if (answer != null && answer.status() == 200) {
                check(exists, when + ": the portal answered 200 for " + userId + ", but Synapse has no such account");
            }
            if (answer != null && answer.refusedToken()) {
                check(!exists, when + ": the portal refused the token for " + userId + ", but Synapse has the account");
            }
        }
        check(accounts.size() <= limit, when + ": Synapse has " + accounts.size() + " accounts " + accounts
                + " from a token with " + limit + " use(s): over-admission");
        return accounts;
    }

    private synchronized List<String> localparts() {
        return List.copyOf(attempts.keySet());
    }

    private synchronized String answers() {
        List<String> parts = new ArrayList<>();
        attempts.forEach((localpart, answer) -> parts.add(localpart.substring(localpart.indexOf('-') + 1) + ": "
                + (answer == null ? "not sent" : answer)));
        return String.join("; ", parts);
    }
}
