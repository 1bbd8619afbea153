package org.matrixregistration.core.admin;

import java.util.Objects;
import org.matrixregistration.core.token.InviteToken;

/** What changing a token did. */
public sealed interface UpdateOutcome {

    /** The token as stored after the changes. */
    record Updated(InviteToken token) implements UpdateOutcome {
        public Updated {
            Objects.requireNonNull(token, "token");
        }
    }

    /** There is no such token. */
    record NotFound() implements UpdateOutcome {}

    /** Approval was asked for, but the portal cannot lock accounts (no {@code homeserver_admin_token}). */
    record ApprovalUnavailable() implements UpdateOutcome {}
}
