package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.web.testing.PortalFixture;

/**
 * The rules on guessing invite tokens (issue 15): only tokens that do not exist count, with the
 * default {@code failed_token_limit} of 5 per minute and 20 per day; per client, per IPv6 /48 and
 * for everyone; concurrent guesses counted as they arrive.
 */
class GuessingIT {
    private static final String FORM = "username=%s&password=correct+horse&confirm=correct+horse&token=%s";

    /** The defaults for the client, generous others, so that each test sees the limit it is about. */
    private static PortalFixture portal(UnaryOperator<WebSettings.Builder> more) {
        return PortalFixture.start(s -> more.apply(s.failedTokenLimits(WebSettings.DEFAULT_FAILED_TOKEN_LIMIT)));
    }

    private static HttpResponse<String> signUp(PortalFixture portal, String client, String username, String token) {
        return portal.send(portal.request("/register").header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString(FORM.formatted(username, token))));
    }

    @Test
    void usedUpAndExpiredTokensAreNoGuesses() {
        try (PortalFixture portal = portal(UnaryOperator.identity())) {
            portal.addToken("UsedOnceAlready", 1);
            portal.tokens().add(InviteToken.fresh(new TokenName("LongExpiredToken"), UsageLimit.UNLIMITED,
                    Optional.of(Clock.systemUTC().instant().minus(Duration.ofDays(1))), "", Clock.systemUTC().instant()
                            .minus(Duration.ofDays(2))));
            portal.addToken("DoubleWizardSki", 0);
            assertThat(signUp(portal, "198.51.100.7", "first", "UsedOnceAlready").statusCode()).isEqualTo(200);

            for (int i = 0; i < 20; i++) {
                HttpResponse<String> refused = signUp(portal, "198.51.100.7", "friend" + i,
                        i % 2 == 0 ? "UsedOnceAlready" : "LongExpiredToken");
                assertThat(refused.statusCode()).as("refusal %d", i).isEqualTo(400);
                assertThat(refused.body()).containsAnyOf("used up", "expired");
            }

            assertThat(signUp(portal, "198.51.100.7", "latecomer", "DoubleWizardSki").statusCode())
                    .as("twenty friends racing for a used-up link do not lock their address out").isEqualTo(200);
        }
    }

    @Test
    void sixUnknownTokensInAMinuteLockTheClientOutButNoOneElse() {
        try (PortalFixture portal = portal(UnaryOperator.identity())) {
            portal.addToken("DoubleWizardSki", 0);
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = signUp(portal, "203.0.113.5", "guesser", "NoSuchToken" + (char) ('A' + i));
                assertThat(refused.statusCode()).as("guess %d", i + 1).isEqualTo(400);
                assertThat(refused.body()).contains("does not exist");
            }

            HttpResponse<String> sixth = signUp(portal, "203.0.113.5", "guesser", "DoubleWizardSki");
            assertThat(sixth.statusCode()).as("the sixth is refused, even with a real token").isEqualTo(429);
            assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
            assertThat(sixth.body()).doesNotContain("does not exist");

            assertThat(signUp(portal, "203.0.113.6", "neighbour", "DoubleWizardSki").statusCode())
                    .as("another client is unaffected").isEqualTo(200);
            assertThat(portal.homeserver().creations()).isEqualTo(1);
        }
    }

    @Test
    void concurrentGuessesAreCountedAsTheyArrive() throws Exception {
        try (PortalFixture portal = portal(s -> s.workerThreads(16))) {
            ExecutorService threads = Executors.newFixedThreadPool(20);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String guess = "Concurrent" + (char) ('A' + i) + "Guess";
                    answers.add(threads.submit(() -> signUp(portal, "192.0.2.44", "racer", guess).statusCode()));
                }
                int looked = 0;
                int refused = 0;
                for (Future<Integer> answer : answers) {
                    int status = answer.get();
                    looked += status == 400 ? 1 : 0;
                    refused += status == 429 ? 1 : 0;
                }
                assertThat(looked).as("guesses whose token was looked up").isEqualTo(5);
                assertThat(refused).isEqualTo(15);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /**
     * A family behind one address signing up at once: each sign-up gives its guess back as soon as
     * its token is found, so eight of them waiting for the homeserver together hold none of the
     * client's five.
     */
    @Test
    void signUpsWaitingForTheHomeserverHoldNoGuess() throws Exception {
        try (PortalFixture portal = portal(s -> s.workerThreads(16))) {
            portal.addToken("FamilyInvite", 0);
            int family = 8;
            CountDownLatch allInside = new CountDownLatch(family);
            portal.homeserver().answerWith(account -> {
                allInside.countDown();
                try {
                    // Bounded: were a sign-up refused with 429, the others go on after the wait.
                    allInside.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return portal.homeserver().accounts().create(account);
            });
            ExecutorService threads = Executors.newFixedThreadPool(family);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < family; i++) {
                    String username = "member" + i;
                    answers.add(threads.submit(() -> signUp(portal, "198.51.100.20", username, "FamilyInvite").statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
                assertThat(allInside.getCount()).as("all eight were at the homeserver at once").isZero();
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void anIpv6ClientIsKeyedByItsSlash64AndItsSlash48IsLimitedToo() {
        try (PortalFixture portal = portal(s -> s.failedTokenNetworkLimits(List.of("8 per minute")))) {
            portal.addToken("DoubleWizardSki", 0);
            for (int i = 0; i < 5; i++) {
                assertThat(signUp(portal, "2001:db8:1:1::" + (i + 1), "v6", "NoSuchToken").statusCode())
                        .as("addresses within one /64 share one allowance").isEqualTo(400);
            }
            assertThat(signUp(portal, "2001:db8:1:1::99", "v6", "NoSuchToken").statusCode()).isEqualTo(429);

            for (int i = 0; i < 3; i++) {
                assertThat(signUp(portal, "2001:db8:1:" + (i + 2) + "::1", "v6", "NoSuchToken").statusCode())
                        .as("another /64 of the same /48").isEqualTo(400);
            }
            assertThat(signUp(portal, "2001:db8:1:ff::1", "v6", "DoubleWizardSki").statusCode())
                    .as("the /48 has spent its 8").isEqualTo(429);
            assertThat(signUp(portal, "2001:db8:2:1::1", "v6", "DoubleWizardSki").statusCode())
                    .as("another /48 is unaffected").isEqualTo(200);
        }
    }

    @Test
    void allClientsTogetherHaveOneGuessBudget() {
        try (PortalFixture portal = portal(s -> s.failedTokenGlobalLimits(List.of("3 per minute")))) {
            portal.addToken("DoubleWizardSki", 0);
            for (int client = 1; client <= 3; client++) {
                assertThat(signUp(portal, "198.51.100." + client, "someone", "NoSuchToken").statusCode()).isEqualTo(400);
            }
            assertThat(signUp(portal, "198.51.100.200", "fresh", "NoSuchToken").statusCode())
                    .as("a fresh address finds the budget spent").isEqualTo(429);
            assertThat(signUp(portal, "198.51.100.201", "honest", "DoubleWizardSki").statusCode())
                    .as("while it is spent, nobody learns whether a token exists").isEqualTo(429);
        }
    }
}
