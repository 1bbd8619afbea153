package org.matrixregistration.persistence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.matrixregistration.core.memory.InMemoryHomeserverTokens;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;

/**
 * {@link JdbcHomeserverInviteTokens} over an in-memory homeserver that counts a use the way Synapse
 * does: once per account made with the token, before the portal hears of it. In the contract nobody
 * registers, so a reservation's account counts just before the portal first completes it (a sign-up
 * completes only after its account exists).
 */
final class HomeserverBackedStores {
    private HomeserverBackedStores() {}

    static InviteTokens countingAsSynapseDoes(TokenDatabase database, InMemoryHomeserverTokens homeserver, Clock clock) {
        JdbcHomeserverInviteTokens store = database.homeserverTokens(homeserver, clock);
        Set<String> made = ConcurrentHashMap.newKeySet();
        return (InviteTokens) Proxy.newProxyInstance(InviteTokens.class.getClassLoader(), new Class<?>[] {InviteTokens.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("complete") && made.add(((Reservation) arguments[0]).id())) {
                        homeserver.registered(((Reservation) arguments[0]).token());
                    }
                    try {
                        return method.invoke(store, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
