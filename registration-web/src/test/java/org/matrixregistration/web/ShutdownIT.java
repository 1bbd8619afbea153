package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.web.testing.PortalFixture;

/** {@link RegistrationPortal#stop()} lets a sign-up in flight finish and then refuses connections. */
class ShutdownIT {

    @Test
    void finishesTheSignUpInFlightBeforeStopping() throws Exception {
        PortalFixture portal = PortalFixture.start();
        portal.addToken("DoubleWizardSki", 0);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        portal.homeserver().answerWith(account -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new AccountCreation.Created(account.userId());
        });

        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> portal.postForm("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(portal::close);
        assertThat(firstAnswerOnceStopping(portal, stopping)).as("a new request while stopping").isEqualTo(503);
        assertThat(stopping).as("stop waits for the request in flight").isNotDone();

        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(10, TimeUnit.SECONDS);
        assertThat(portal.portal().port()).isEqualTo(-1);
        assertThatThrownBy(() -> portal.get("/health")).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Asks {@code /health} until the portal has begun to stop, which it shows by answering 503, and
     * returns that answer; or whatever it answered when {@code stopping} ended first (a stop that
     * did not wait). No sleep: the 503 is the signal.
     */
    private static int firstAnswerOnceStopping(PortalFixture portal, CompletableFuture<Void> stopping) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status = portal.get("/health").statusCode();
        while (status == 200 && !stopping.isDone()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the portal still answered /health with 200 10 s after stop began");
            }
            status = portal.get("/health").statusCode();
        }
        return status;
    }
}
