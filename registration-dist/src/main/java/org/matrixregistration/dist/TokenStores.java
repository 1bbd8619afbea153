package org.matrixregistration.dist;

import java.time.Clock;
import java.util.Objects;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.dist.config.PortalConfig;
import org.matrixregistration.persistence.JdbcHomeserverInviteTokens;
import org.matrixregistration.persistence.TokenDatabase;
import org.matrixregistration.synapse.SynapseHomeserverAccounts;
import org.matrixregistration.synapse.SynapseRegistrationTokens;
import org.matrixregistration.synapse.SynapseTokenRegistration;

/**
 * The pair of adapters {@code token_store} picks, and nothing else: {@code portal} (the default) the
 * portal's own token store and shared-secret registration; {@code synapse} Synapse's registration
 * tokens with the portal's side tables ({@link JdbcHomeserverInviteTokens}) and registration through
 * Synapse's own client API ({@link SynapseTokenRegistration}), which presents the token. The use
 * cases are the same in both.
 */
final class TokenStores {
    private final PortalConfig config;
    private final SynapseHomeserverAccounts homeserver;
    private final Clock clock;

    /** How accounts are made, and the homeserver's health as that way needs it. */
    record AccountMaking(HomeserverAccounts accounts, HealthCheck health) {}

    TokenStores(PortalConfig config, SynapseHomeserverAccounts homeserver, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether the invite tokens are Synapse's own registration tokens. */
    boolean synapse() {
        return config.tokens().store() == PortalConfig.TokenStore.SYNAPSE;
    }

    /** The configured token store in {@code db}. */
    InviteTokens store(TokenDatabase db) {
        return synapse() ? synapseStore(db) : db.tokens(clock);
    }

    /** The store of {@code token_store: synapse}, whatever is configured ({@code token migrate} writes to it). */
    JdbcHomeserverInviteTokens synapseStore(TokenDatabase db) {
        return db.homeserverTokens(new SynapseRegistrationTokens(config.homeserver(), clock), clock);
    }

    /**
     * With {@code token_store: synapse} accounts are made through Synapse's own registration, which
     * checks and counts the invite token; {@code store} is told when Synapse has counted a use.
     */
    AccountMaking accounts(InviteTokens store) {
        if (synapse()) {
            SynapseTokenRegistration registration = new SynapseTokenRegistration(config.homeserver(), store, clock);
            return new AccountMaking(registration, registration);
        }
        return new AccountMaking(homeserver, homeserver);
    }

    /**
     * The homeserver's health as the configured way of making accounts needs it. The registration
     * adapter's health check never touches its token store, so none is opened for it here.
     */
    HealthCheck homeserverHealth() {
        return synapse() ? new SynapseTokenRegistration(config.homeserver(), new InMemoryInviteTokens(), clock) : homeserver;
    }

    /** Where the tokens are, for the start-up log line. */
    String describe() {
        return synapse() ? "Synapse's registration tokens" : "the portal's database";
    }
}
