package org.matrixregistration.core.token;

import java.time.Instant;

/** Where a token stands at one moment, as admins see it: the first rule of {@link TokenPolicy} it breaks. */
public enum TokenStatus {
    ACTIVE, DISABLED, EXPIRED, USED_UP;

    public static TokenStatus of(InviteToken token, Instant now) {
        if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
            return switch (refused.reason()) {
                case DISABLED -> DISABLED;
                case EXPIRED -> EXPIRED;
                case USED_UP -> USED_UP;
                case UNKNOWN -> throw new IllegalStateException("a stored token is never unknown");
            };
        }
        return ACTIVE;
    }
}
