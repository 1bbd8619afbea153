package org.matrixregistration.web;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.token.TokenRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits on guessing invite tokens. A guess is a sign-up naming a token that does not exist;
 * a token that exists but is used up, expired or disabled is no guess (friends racing for a
 * used-up link must not lock their shared address out), nor is a sign-up without a token.
 *
 * <p>Three allowances must all have room: the client's ({@code failed_token_limit}, an IPv4
 * address or an IPv6 /64), its IPv6 /48's ({@code failed_token_network_limit}, since one subscriber
 * may hold 65,536 /64s) and everyone's together ({@code failed_token_global_limit}, since many
 * addresses must not guess many times as fast).
 *
 * <p>A guess is taken from every allowance before the sign-up runs ({@link #take}) and given back
 * as soon as the token is known to exist ({@link #giveBack}, from the use case's progress, before the
 * homeserver is asked), else when the sign-up ends ({@link #settle}): concurrent guesses are counted
 * as they arrive, so none slips past the limit while others are in flight, and sign-ups waiting for
 * the homeserver hold no guess. Whether a token exists is never
 * told to a client whose allowance is spent: it gets 429 before its token is looked at.
 */
final class TokenGuesses {
    private static final Logger LOG = LoggerFactory.getLogger(TokenGuesses.class);
    private static final String EVERYONE = "*";
    private static final Duration WARN_EVERY = Duration.ofMinutes(10);

    private final ClientRateLimiter perClient;
    private final ClientRateLimiter perNetwork;
    private final ClientRateLimiter global;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY.toNanos());

    TokenGuesses(ClientRateLimiter perClient, ClientRateLimiter perNetwork, ClientRateLimiter global) {
        this.perClient = perClient;
        this.perNetwork = perNetwork;
        this.global = global;
    }

    /** Whether asking may block on I/O (the allowances are shared by every instance). */
    boolean blocks() {
        return perClient.blocks() || perNetwork.blocks() || global.blocks();
    }

    /**
     * Takes one guess from every allowance of {@code client}; empty if taken, else how long to wait
     * (and nothing was taken). A taken guess must be {@link #settle settled}.
     */
    Optional<Duration> take(InetAddress client) {
        String key = ClientAddresses.rateLimitKey(client);
        Optional<Duration> wait = perClient.acquire(key);
        if (wait.isPresent()) {
            return wait;
        }
        Optional<String> network = ClientAddresses.networkKey(client);
        if (network.isPresent()) {
            wait = perNetwork.acquire(network.get());
            if (wait.isPresent()) {
                perClient.refund(key);
                return wait;
            }
        }
        wait = global.acquire(EVERYONE);
        if (wait.isPresent()) {
            perClient.refund(key);
            network.ifPresent(perNetwork::refund);
            warnGlobalBudgetSpent(wait.get());
            return wait;
        }
        return Optional.empty();
    }

    /**
     * Gives the guess taken for {@code client} back unless {@code outcome} shows it was one; an
     * empty outcome (the sign-up failed with an exception) gives it back too.
     */
    void settle(InetAddress client, Optional<RegistrationOutcome> outcome) {
        if (outcome.isPresent() && isGuess(outcome.get())) {
            return;
        }
        giveBack(client);
    }

    /** Gives the guess taken for {@code client} back: its sign-up named a token that exists. */
    void giveBack(InetAddress client) {
        String key = ClientAddresses.rateLimitKey(client);
        perClient.refund(key);
        ClientAddresses.networkKey(client).ifPresent(perNetwork::refund);
        global.refund(EVERYONE);
    }

    /** Whether the sign-up named a token that does not exist (or could not exist). */
    static boolean isGuess(RegistrationOutcome outcome) {
        return outcome instanceof RegistrationOutcome.TokenRefused refused && refused.reason() == TokenRefusal.UNKNOWN;
    }

    private void warnGlobalBudgetSpent(Duration wait) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY.toNanos() && lastWarning.compareAndSet(last, now)) {
            LOG.warn("The guess budget of all clients together (failed_token_global_limit) is spent: every sign-up waits"
                    + " about {} s. Someone is guessing invite tokens from many addresses.", Math.max(1, wait.toSeconds()));
        }
    }
}
