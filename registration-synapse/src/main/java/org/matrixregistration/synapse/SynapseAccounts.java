package org.matrixregistration.synapse;

import java.util.Objects;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthCheck;

/**
 * What both homeserver adapters have alike, whichever way they make accounts: one HTTP client for
 * Synapse, the answers to whether a username is free and whether an account exists
 * ({@link SynapseAccountLookup}), and the name of the {@code homeserver} health check.
 */
abstract sealed class SynapseAccounts implements HomeserverAccounts, HealthCheck
        permits SynapseHomeserverAccounts, SynapseTokenRegistration {
    static final String COMPONENT = "homeserver";

    private final SynapseSettings settings;
    private final SynapseHttp http;
    private final SynapseAccountLookup lookup;

    /** @param clientApiOnly see {@link SynapseAccountLookup#SynapseAccountLookup} */
    SynapseAccounts(SynapseSettings settings, boolean clientApiOnly) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = new SynapseHttp(settings);
        this.lookup = new SynapseAccountLookup(settings, http, clientApiOnly);
    }

    @Override
    public final Availability availability(UserId userId) {
        return lookup.availability(userId);
    }

    @Override
    public final Existence exists(UserId userId) {
        return lookup.exists(userId);
    }

    @Override
    public final String component() {
        return COMPONENT;
    }

    final SynapseSettings settings() {
        return settings;
    }

    final SynapseHttp http() {
        return http;
    }

    final SynapseAccountLookup lookup() {
        return lookup;
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + settings + "]";
    }
}
