package org.matrixregistration.dist.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.UsageLimit;

/** The meters the composition root wraps around the use case and the homeserver, as Prometheus shows them. */
class MeteringTest {
    private static final String PASSWORD = "correct horse battery";

    private final MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    private final MeteredHomeserverAccounts homeserver =
            new MeteredHomeserverAccounts(new InMemoryHomeserverAccounts(), registry);
    private final MeteredRegisterAccount registration = new MeteredRegisterAccount(new RegistrationService(tokens,
            homeserver, UsernameRules.forServer("example.org"), PasswordRules.defaults(), false, clock), registry);

    @Test
    void countsSignUpsByOutcomeAndRefusedTokensByReasonFromZero() {
        assertThat(sample("matrix_registration_registrations_total{outcome=\"registered\"}")).hasValue(0);
        assertThat(sample("matrix_registration_token_refusals_total{reason=\"used_up\"}")).hasValue(0);
        tokens.add(InviteToken.fresh(new TokenName("Welcome"), UsageLimit.of(1), Optional.empty(), "", clock.instant()));

        assertThat(registration.register(Registration.of("alice", PASSWORD, "Welcome")))
                .isInstanceOf(RegistrationOutcome.Registered.class);
        assertThat(registration.register(Registration.of("bob", PASSWORD, "Guessed")))
                .isInstanceOf(RegistrationOutcome.TokenRefused.class);
        registration.register(Registration.of("carol", PASSWORD, "Welcome"));

        assertThat(sample("matrix_registration_registrations_total{outcome=\"registered\"}")).hasValue(1);
        assertThat(sample("matrix_registration_registrations_total{outcome=\"token_refused\"}")).hasValue(2);
        assertThat(sample("matrix_registration_token_refusals_total{reason=\"unknown\"}")).hasValue(1);
        assertThat(sample("matrix_registration_token_refusals_total{reason=\"used_up\"}")).hasValue(1);
        assertThat(sample("matrix_registration_token_refusals_total{reason=\"expired\"}")).hasValue(0);
        assertThat(sample("matrix_registration_homeserver_requests_seconds_count{operation=\"create\",outcome=\"created\"}"))
                .hasValue(1);
        assertThat(registry.scrape()).doesNotContain("Welcome", "alice");
    }

    @Test
    void passesTheSignUpsProgressOn() {
        tokens.add(InviteToken.fresh(new TokenName("Progress"), UsageLimit.of(1), Optional.empty(), "", clock.instant()));
        AtomicInteger told = new AtomicInteger();

        registration.register(Registration.of("grace", PASSWORD, "Progress"), told::incrementAndGet);

        assertThat(told).as("the web edge gives a token guess back when it hears this").hasValue(1);
    }

    @Test
    void aRefusalAtReservationAndAFailureAreCountedToo() {
        MeteredRegisterAccount refusing = new MeteredRegisterAccount(
                request -> new RegistrationOutcome.TokenRefused(TokenRefusal.DISABLED), registry);
        refusing.register(Registration.of("dave", PASSWORD, "Welcome"));
        MeteredRegisterAccount failing = new MeteredRegisterAccount(request -> {
            throw new IllegalStateException("database down");
        }, registry);
        assertThatThrownBy(() -> failing.register(Registration.of("erin", PASSWORD, "Welcome")))
                .hasMessage("database down");

        assertThat(sample("matrix_registration_registrations_total{outcome=\"token_refused\"}")).hasValue(1);
        assertThat(sample("matrix_registration_token_refusals_total{reason=\"disabled\"}")).hasValue(1);
        assertThat(sample("matrix_registration_registrations_total{outcome=\"error\"}")).hasValue(1);
    }

    @Test
    void timesAvailabilityAndExistenceByTheirAnswer() {
        homeserver.availability(UserId.parse("@frank:example.org"));
        homeserver.exists(UserId.parse("@frank:example.org"));

        assertThat(sample("matrix_registration_homeserver_requests_seconds_count{operation=\"availability\",outcome=\"available\"}"))
                .hasValue(1);
        assertThat(sample("matrix_registration_homeserver_requests_seconds_count{operation=\"exists\",outcome=\"absent\"}"))
                .hasValue(1);
    }

    /** The value of one series in a fresh scrape, if present. */
    private OptionalDouble sample(String series) {
        return Arrays.stream(registry.scrape().split("\n"))
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]))
                .findFirst();
    }
}
