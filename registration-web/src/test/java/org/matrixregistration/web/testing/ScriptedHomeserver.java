package org.matrixregistration.web.testing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;

/**
 * Core's in-memory homeserver, counting every call, whose answers a test may replace (to play a
 * homeserver that is down, misconfigured or refuses a name). Shared through the test-jar.
 */
public final class ScriptedHomeserver implements HomeserverAccounts {
    private final InMemoryHomeserverAccounts accounts = new InMemoryHomeserverAccounts();
    private final AtomicInteger creations = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicReference<Function<NewAccount, AccountCreation>> answer = new AtomicReference<>();

    @Override
    public AccountCreation create(NewAccount account) {
        creations.incrementAndGet();
        Function<NewAccount, AccountCreation> scripted = answer.get();
        return scripted == null ? accounts.create(account) : scripted.apply(account);
    }

    @Override
    public Availability availability(UserId userId) {
        lookups.incrementAndGet();
        return accounts.availability(userId);
    }

    @Override
    public Existence exists(UserId userId) {
        return accounts.exists(userId);
    }

    /** From now on, {@link #create} answers with {@code scripted} instead of creating accounts. */
    public void answerWith(Function<NewAccount, AccountCreation> scripted) {
        answer.set(Objects.requireNonNull(scripted, "scripted"));
    }

    public InMemoryHomeserverAccounts accounts() {
        return accounts;
    }

    /** How often the portal asked to create an account. */
    public int creations() {
        return creations.get();
    }

    /** How often the portal asked whether a name is free. */
    public int lookups() {
        return lookups.get();
    }
}
