package org.matrixregistration.core.registration;

import java.util.Map;
import java.util.Objects;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.token.InviteTokens;

/**
 * The {@code token_uses} readiness detail: how many token uses are unconfirmed (their homeserver
 * answer was lost and the settler has not found out yet whether the account exists). They keep
 * counting against their tokens, so the portal stays ready; the number tells an admin that the
 * homeserver is not answering the settler's questions.
 */
public final class UnconfirmedUses implements HealthCheck {
    private final InviteTokens tokens;

    public UnconfirmedUses(InviteTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public String component() {
        return "token_uses";
    }

    @Override
    public HealthReport check() {
        int unconfirmed = tokens.countUnconfirmed();
        String detail = unconfirmed == 0 ? "every token use is settled"
                : unconfirmed + " token use" + (unconfirmed == 1 ? " is" : "s are") + " unconfirmed: they keep counting"
                        + " until the homeserver tells whether their accounts exist";
        return HealthReport.healthy(component(), detail, Map.of("unconfirmed", Integer.toString(unconfirmed)));
    }
}
