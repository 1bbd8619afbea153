package org.matrixregistration.core.approval;

import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;

/**
 * The homeserver's accounts as approval needs them: made locked, unlocked, or deactivated for good.
 *
 * <p>{@link #createLocked} must never leave a moment in which the chosen password signs in to an
 * account that is not approved: it makes the account with a random password nobody learns, locks
 * it, and only then sets the chosen one. It answers {@link AccountCreation.Created} only when all of
 * that is done; {@link AccountCreation.Uncertain} when an account may exist but not finished (a step
 * after the first failed, or its answer was lost), which the caller cleans up with {@link #erase};
 * and the other outcomes as {@code HomeserverAccounts.create} does, when nothing was made.
 */
public interface LockedAccounts {

    AccountCreation createLocked(NewAccount account);

    /** Unlocks the account; true when it is unlocked (also if it was already). */
    boolean unlock(UserId userId);

    /**
     * Deactivates the account and erases its data; the homeserver never gives the ID out again.
     * True when it is gone (also if it never existed or was already deactivated).
     */
    boolean erase(UserId userId);

    /**
     * A portal that cannot lock accounts (no homeserver admin token): nothing is made, and no
     * decision can be carried out, so requests that exist from before stay as they are.
     */
    LockedAccounts UNAVAILABLE = new LockedAccounts() {
        @Override
        public AccountCreation createLocked(NewAccount account) {
            return new AccountCreation.Misconfigured("sign-ups that wait for approval need a homeserver admin token");
        }

        @Override
        public boolean unlock(UserId userId) {
            return false;
        }

        @Override
        public boolean erase(UserId userId) {
            return false;
        }
    };
}
