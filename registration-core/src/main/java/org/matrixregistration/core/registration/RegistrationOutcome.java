package org.matrixregistration.core.registration;

import java.time.Duration;
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
     * One or more fields are wrong; nothing was reserved or created. A token that would be refused
     * is reported here too (field {@code token}), so that the person sees every problem at once.
     */
    record InvalidFields(List<FieldError> errors) implements RegistrationOutcome {
        public InvalidFields {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("invalid fields need at least one error");
            }
        }
    }

    /** The fields were fine but the token did not admit the registration when it was reserved. */
    record TokenRefused(TokenRefusal reason) implements RegistrationOutcome {}

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
