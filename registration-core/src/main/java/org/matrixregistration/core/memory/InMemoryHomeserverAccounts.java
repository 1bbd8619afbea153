package org.matrixregistration.core.memory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;

/**
 * A homeserver that keeps accounts in memory: creation succeeds once per user ID and reports
 * {@link AccountCreation.Taken} after that. For tests, demos and embedders without a homeserver.
 * Passwords are not kept.
 */
public final class InMemoryHomeserverAccounts implements HomeserverAccounts {
    private final ConcurrentHashMap<UserId, Optional<String>> accounts = new ConcurrentHashMap<>();

    @Override
    public AccountCreation create(NewAccount account) {
        boolean created = accounts.putIfAbsent(account.userId(), account.displayName()) == null;
        return created ? new AccountCreation.Created(account.userId()) : new AccountCreation.Taken(account.userId());
    }

    @Override
    public Availability availability(UserId userId) {
        return accounts.containsKey(userId) ? Availability.TAKEN : Availability.AVAILABLE;
    }

    @Override
    public Existence exists(UserId userId) {
        return accounts.containsKey(userId) ? Existence.EXISTS : Existence.ABSENT;
    }

    /** The user IDs created so far, in no particular order. */
    public List<UserId> accounts() {
        return List.copyOf(accounts.keySet());
    }

    /** The display name an account was created with, if any. */
    public Optional<String> displayName(UserId userId) {
        return accounts.getOrDefault(userId, Optional.empty());
    }
}
