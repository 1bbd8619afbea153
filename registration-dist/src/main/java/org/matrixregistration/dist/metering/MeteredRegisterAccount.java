package org.matrixregistration.dist.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.registration.SignUpProgress;
import org.matrixregistration.core.token.TokenRefusal;

/**
 * Counts sign-ups without touching the use case: wrap it around the {@link RegisterAccount} the
 * portal gets. {@code matrix_registration_registrations_total{outcome}} counts every outcome
 * ({@code registered}, {@code invalid_fields}, {@code token_refused}, {@code username_taken},
 * {@code homeserver_rejected}, {@code homeserver_unavailable}, {@code homeserver_misconfigured},
 * {@code error} for an exception); {@code matrix_registration_token_refusals_total{reason}} counts
 * refused tokens ({@code unknown}, {@code disabled}, {@code expired}, {@code used_up}), whether
 * refused with the other fields or at reservation. Every series exists from the start at 0.
 */
public final class MeteredRegisterAccount implements RegisterAccount {
    static final String REGISTRATIONS = "matrix_registration.registrations";
    static final String TOKEN_REFUSALS = "matrix_registration.token_refusals";
    private static final String[] OUTCOMES = {"registered", "awaiting_approval", "invalid_fields", "token_refused", "username_taken",
        "homeserver_rejected", "homeserver_unavailable", "homeserver_misconfigured", "error"};

    private final RegisterAccount delegate;
    private final MeterRegistry registry;

    public MeteredRegisterAccount(RegisterAccount delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        for (String outcome : OUTCOMES) {
            registrations(outcome);
        }
        for (TokenRefusal reason : TokenRefusal.values()) {
            refusals(reason.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public RegistrationOutcome register(Registration registration) {
        return register(registration, SignUpProgress.NONE);
    }

    @Override
    public RegistrationOutcome register(Registration registration, SignUpProgress progress) {
        RegistrationOutcome outcome;
        try {
            outcome = delegate.register(registration, progress);
        } catch (RuntimeException | Error e) {
            registrations("error").increment();
            throw e;
        }
        registrations(outcomeName(outcome)).increment();
        tokenRefusal(outcome).ifPresent(reason -> refusals(reason).increment());
        return outcome;
    }

    private static String outcomeName(RegistrationOutcome outcome) {
        if (outcome instanceof RegistrationOutcome.Registered) {
            return "registered";
        } else if (outcome instanceof RegistrationOutcome.AwaitingApproval) {
            return "awaiting_approval";
        } else if (outcome instanceof RegistrationOutcome.InvalidFields) {
            return "invalid_fields";
        } else if (outcome instanceof RegistrationOutcome.TokenRefused) {
            return "token_refused";
        } else if (outcome instanceof RegistrationOutcome.UsernameTaken) {
            return "username_taken";
        } else if (outcome instanceof RegistrationOutcome.HomeserverRejected) {
            return "homeserver_rejected";
        } else if (outcome instanceof RegistrationOutcome.HomeserverUnavailable) {
            return "homeserver_unavailable";
        }
        return "homeserver_misconfigured";
    }

    /** The refused token's reason, whichever step of the sign-up refused it. */
    private static Optional<String> tokenRefusal(RegistrationOutcome outcome) {
        if (outcome instanceof RegistrationOutcome.TokenRefused refused) {
            return Optional.of(refused.reason().name().toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    private Counter registrations(String outcome) {
        return Counter.builder(REGISTRATIONS).description("Sign-ups by outcome").tag("outcome", outcome).register(registry);
    }

    private Counter refusals(String reason) {
        return Counter.builder(TOKEN_REFUSALS).description("Invite tokens refused at sign-up, by reason")
                .tag("reason", reason).register(registry);
    }
}
