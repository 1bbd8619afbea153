package org.matrixregistration.core.account;

import org.matrixregistration.core.token.Reservation;

/**
 * The homeserver's accounts, as this portal may touch them: create one, and ask whether a name is
 * free. Implementations must not create a login session or device for the new account, and must
 * report every failure as an {@link AccountCreation} value rather than an exception; an exception
 * means a bug.
 *
 * <p>Whether the homeserver enforces the invite token too is this port's business, not the use
 * case's: a sign-up always hands over the reservation that admitted it ({@link #create(NewAccount,
 * Reservation)}). A homeserver that registers accounts on the portal's own authority (Synapse's
 * shared-secret registration) ignores it; one whose tokens are the invite tokens presents the
 * reservation's token, as any client would, so that the homeserver records the use.
 */
public interface HomeserverAccounts {

    AccountCreation create(NewAccount account);

    /**
     * Creates the account that {@code admittedBy} reserved a use for. The default creates it on the
     * portal's own authority ({@link #create(NewAccount)}); a homeserver that enforces the token
     * itself presents it, and tells the token store once it has counted the use
     * ({@code InviteTokens.countedByHomeserver}). Decorators must pass both on.
     */
    default AccountCreation create(NewAccount account, Reservation admittedBy) {
        return create(account);
    }

    /** A hint for the sign-up page; the authoritative answer is {@link #create}'s. */
    Availability availability(UserId userId);

    /**
     * Whether the account exists now, for settling a sign-up whose answer was lost. Must answer
     * {@link Existence#UNKNOWN} rather than guess: {@link Existence#ABSENT} frees a token use.
     */
    Existence exists(UserId userId);
}
