package org.matrixregistration.core.admin;

import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;

/** What creating a token did. */
public sealed interface CreateOutcome {

    record Created(InviteToken token) implements CreateOutcome {}

    /** The admin-chosen name belongs to another token already. */
    record NameTaken(TokenName name) implements CreateOutcome {}

    /** The expiry lies in the past, so the token could never be used. */
    record AlreadyExpired(TokenName name) implements CreateOutcome {}

    /**
     * The token would require approval, but the portal cannot lock accounts: it has no
     * {@code homeserver_admin_token}.
     */
    record ApprovalUnavailable() implements CreateOutcome {}
}
