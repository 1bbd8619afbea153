package org.matrixregistration.core.memory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.approval.LockedAccounts;

/**
 * A homeserver that keeps accounts in memory: creation succeeds once per user ID and reports
 * {@link AccountCreation.Taken} after that. For tests, demos and embedders without a homeserver.
 * Passwords are not kept.
 */
public final class InMemoryHomeserverAccounts implements HomeserverAccounts, LockedAccounts {
    private final ConcurrentHashMap<UserId, Optional<String>> accounts = new ConcurrentHashMap<>();
    private final Set<UserId> locked = ConcurrentHashMap.newKeySet();
    private final Set<UserId> erased = ConcurrentHashMap.newKeySet();

    @Override
    public AccountCreation create(NewAccount account) {
        if (erased.contains(account.userId())) {
            return new AccountCreation.Taken(account.userId());
        }
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

    @Override
    public AccountCreation createLocked(NewAccount account) {
        AccountCreation creation = create(account);
        if (creation instanceof AccountCreation.Created) {
            locked.add(account.userId());
        }
        return creation;
    }

    @Override
    public boolean unlock(UserId userId) {
        locked.remove(userId);
        return true;
    }

    @Override
    public boolean erase(UserId userId) {
        if (accounts.remove(userId) != null) {
            erased.add(userId);
        }
        locked.remove(userId);
        return true;
    }

    /** Whether the account waits, locked, for approval. */
    public boolean isLocked(UserId userId) {
        return locked.contains(userId);
    }

    /** Whether the account was deactivated and erased (its ID is never given out again). */
    public boolean isErased(UserId userId) {
        return erased.contains(userId);
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
