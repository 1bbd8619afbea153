package org.matrixregistration.dist.metering;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Reservation;

/**
 * Times the homeserver calls without touching the adapter: wrap it around the
 * {@link HomeserverAccounts} the use case and the portal get.
 * {@code matrix_registration_homeserver_requests_seconds{operation, outcome}} with operation
 * {@code create} (outcome {@code created}, {@code taken}, {@code rejected}, {@code rate_limited},
 * {@code unavailable}, {@code misconfigured}, {@code uncertain}), {@code availability} (the
 * {@link Availability} in lower case) or {@code exists} (the {@link Existence} in lower case), and
 * {@code error} for an exception.
 */
public final class MeteredHomeserverAccounts implements HomeserverAccounts {
    static final String REQUESTS = "matrix_registration.homeserver.requests";

    private final HomeserverAccounts delegate;
    private final MeterRegistry registry;

    public MeteredHomeserverAccounts(HomeserverAccounts delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public AccountCreation create(NewAccount account) {
        return timed("create", () -> delegate.create(account), MeteredHomeserverAccounts::outcomeName);
    }

    /** Passes the reservation on: the adapter may present its token to the homeserver. */
    @Override
    public AccountCreation create(NewAccount account, Reservation admittedBy) {
        return timed("create", () -> delegate.create(account, admittedBy), MeteredHomeserverAccounts::outcomeName);
    }

    @Override
    public Availability availability(UserId userId) {
        return timed("availability", () -> delegate.availability(userId), MeteredHomeserverAccounts::lowerCase);
    }

    @Override
    public Existence exists(UserId userId) {
        return timed("exists", () -> delegate.exists(userId), MeteredHomeserverAccounts::lowerCase);
    }

    /** Times {@code call} as {@code operation}; its outcome is {@code error} when it throws or answers null. */
    private <T> T timed(String operation, Supplier<T> call, Function<T, String> outcomeOf) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T answer = call.get();
            outcome = answer == null ? "error" : outcomeOf.apply(answer);
            return answer;
        } finally {
            sample.stop(timer(operation, outcome));
        }
    }

    private static String lowerCase(Enum<?> answer) {
        return answer.name().toLowerCase(Locale.ROOT);
    }

    private static String outcomeName(AccountCreation creation) {
        if (creation instanceof AccountCreation.Created) {
            return "created";
        } else if (creation instanceof AccountCreation.Taken) {
            return "taken";
        } else if (creation instanceof AccountCreation.Rejected) {
            return "rejected";
        } else if (creation instanceof AccountCreation.RateLimited) {
            return "rate_limited";
        } else if (creation instanceof AccountCreation.Unavailable) {
            return "unavailable";
        } else if (creation instanceof AccountCreation.Misconfigured) {
            return "misconfigured";
        } else if (creation instanceof AccountCreation.Uncertain) {
            return "uncertain";
        }
        return "error";
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder(REQUESTS)
                .description("Calls to the homeserver, by operation and outcome")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry);
    }
}
