package org.matrixregistration.core.account;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What the homeserver did with a request to create an account. */
public sealed interface AccountCreation {

    /** The account exists now. */
    record Created(UserId userId) implements AccountCreation {}

    /** Someone already has this user ID. */
    record Taken(UserId userId) implements AccountCreation {}

    /** The homeserver refused the username or password, with its own reason. */
    record Rejected(String errcode, String reason) implements AccountCreation {
        public Rejected {
            Objects.requireNonNull(errcode, "errcode");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The homeserver asked us to slow down. */
    record RateLimited(Optional<Duration> retryAfter) implements AccountCreation {}

    /** The homeserver could not be reached or failed; nothing was created. */
    record Unavailable(String reason) implements AccountCreation {}

    /** Our configuration is wrong (shared secret, URL); nothing was created. Never carries a secret. */
    record Misconfigured(String reason) implements AccountCreation {}

    /**
     * The request may or may not have created the account (it timed out after being sent, and the
     * adapter could not find out). The token use must stay reserved rather than be released.
     */
    record Uncertain(String reason) implements AccountCreation {}
}
