package org.matrixregistration.core.account;

/**
 * The homeserver's accounts, as this portal may touch them: create one, and ask whether a name is
 * free. Implementations must not create a login session or device for the new account, and must
 * report every failure as an {@link AccountCreation} value rather than an exception; an exception
 * means a bug.
 */
public interface HomeserverAccounts {

    AccountCreation create(NewAccount account);

    /** A hint for the sign-up page; the authoritative answer is {@link #create}'s. */
    Availability availability(UserId userId);

    /**
     * Whether the account exists now, for settling a sign-up whose answer was lost. Must answer
     * {@link Existence#UNKNOWN} rather than guess: {@link Existence#ABSENT} frees a token use.
     */
    Existence exists(UserId userId);
}
