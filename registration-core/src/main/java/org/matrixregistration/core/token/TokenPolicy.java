package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Decides whether an invite token admits one more registration.
 *
 * <p>A token admits a registration if and only if it exists, is not disabled, has not expired at
 * {@code now}, and its completed plus in-flight uses are below its limit. The rules are checked in
 * that order, and the first that fails names the refusal. Stores call this inside their atomic
 * reservation so that the check and the reservation are one step.
 */
public final class TokenPolicy {

    private record Rule(TokenRefusal refusal, BiPredicate<InviteToken, Instant> breaks) {}

    private static final List<Rule> RULES = List.of(
            new Rule(TokenRefusal.DISABLED, (token, now) -> token.disabled()),
            new Rule(TokenRefusal.EXPIRED, (token, now) -> token.isExpiredAt(now)),
            new Rule(TokenRefusal.USED_UP, (token, now) -> !token.limit().admitsAnotherAfter(token.countedUses())));

    private TokenPolicy() {}

    public static Admission evaluate(Optional<InviteToken> token, Instant now) {
        return token.map(found -> evaluate(found, now)).orElse(new Admission.Refused(TokenRefusal.UNKNOWN));
    }

    public static Admission evaluate(InviteToken token, Instant now) {
        for (Rule rule : RULES) {
            if (rule.breaks().test(token, now)) {
                return new Admission.Refused(rule.refusal());
            }
        }
        return Admission.ADMITTED;
    }
}
