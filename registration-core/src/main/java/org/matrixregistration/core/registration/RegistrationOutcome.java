package org.matrixregistration.core.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.TokenRefusal;

/** Every way a sign-up can end. Adapters translate these to HTTP statuses, pages and exit codes. */
public sealed interface RegistrationOutcome {

    /** The account exists and one use of the token is recorded. */
    record Registered(UserId userId) implements RegistrationOutcome {}

    /**
     * One or more fields are wrong and the token was not refused (it was admissible, or missing:
     * {@link FieldError#TOKEN_REQUIRED}); nothing was reserved or created. A refused token is always
     * {@link TokenRefused}, never one of these errors.
     */
    record InvalidFields(List<FieldError> errors) implements RegistrationOutcome {
        public InvalidFields {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("invalid fields need at least one error");
            }
            for (TokenRefusal refusal : TokenRefusal.values()) {
                if (errors.stream().anyMatch(error -> error.code().equals(refusal.code()))) {
                    throw new IllegalArgumentException("a refused token is a TokenRefused outcome, not a field error");
                }
            }
        }
    }

    /**
     * The token did not admit the registration; nothing was created. The same outcome whichever
     * step refused it: the read-only check before anything is reserved, which also reports the
     * problems of the other fields ({@code otherErrors}, so that a person sees every problem at
     * once), or the reservation itself, which comes only after every field was fine
     * ({@code otherErrors} empty).
     *
     * @param otherErrors the problems of the fields other than {@code token}, in form order
     */
    record TokenRefused(TokenRefusal reason, List<FieldError> otherErrors) implements RegistrationOutcome {
        public TokenRefused {
            Objects.requireNonNull(reason, "reason");
            otherErrors = List.copyOf(otherErrors);
            if (otherErrors.stream().anyMatch(error -> error.field().equals(FieldError.TOKEN))) {
                throw new IllegalArgumentException("the token's own problem is the reason, not another error");
            }
        }

        /** A refusal with no other problem, as the reservation gives it. */
        public TokenRefused(TokenRefusal reason) {
            this(reason, List.of());
        }

        /** Every problem by field as a form shows it: the other fields', then the token's. */
        public List<FieldError> errors() {
            List<FieldError> all = new ArrayList<>(otherErrors);
            all.add(FieldError.of(reason));
            return List.copyOf(all);
        }
    }

    /**
     * The account exists but is locked until an admin approves the request; the token use counts
     * from now, and a denial gives it back.
     */
    record AwaitingApproval(UserId userId, String requestId) implements RegistrationOutcome {}

    /** Someone already has this user ID; the token use was released. */
    record UsernameTaken(UserId userId) implements RegistrationOutcome {}

    /**
     * The homeserver refused the request with its own reason (e.g. {@code M_INVALID_USERNAME}); the
     * token use was released.
     */
    record HomeserverRejected(String errcode, String reason) implements RegistrationOutcome {}

    /**
     * The homeserver could not be reached, failed, or asked us to slow down. The token use was
     * released, unless the account may have been created ({@code useStillReserved}).
     */
    record HomeserverUnavailable(String reason, Optional<Duration> retryAfter, boolean useStillReserved)
            implements RegistrationOutcome {
        public HomeserverUnavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** The portal's homeserver settings are wrong (e.g. the shared secret); an admin must act. */
    record HomeserverMisconfigured(String reason) implements RegistrationOutcome {}
}
