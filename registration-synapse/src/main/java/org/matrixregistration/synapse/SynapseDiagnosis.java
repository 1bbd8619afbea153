package org.matrixregistration.synapse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SynapseHomeserverAccounts#diagnose()} found out about Synapse, for start-up checks
 * and {@code config check}: whether its client API answers, its version, whether it accepts our
 * shared secret, and a sentence per problem telling an admin what to fix. Never carries a secret.
 *
 * @param reachable      {@code GET /_matrix/client/versions} answered like a Matrix homeserver
 * @param specVersions   the Matrix specification versions it supports (empty if unreachable)
 * @param serverVersion  Synapse's own version, if it tells without authentication
 * @param sharedSecret   the verdict on {@code registration_shared_secret}
 * @param problems       what is wrong, one sentence each; empty when all is well
 */
public record SynapseDiagnosis(
        boolean reachable,
        List<String> specVersions,
        Optional<String> serverVersion,
        SharedSecret sharedSecret,
        List<String> problems) {

    /** Whether Synapse accepted a correctly signed registration. */
    public enum SharedSecret {
        /** Synapse checked our MAC and went on to judge the username. */
        ACCEPTED,
        /** Synapse refused the MAC, or has shared-secret registration switched off. */
        REJECTED,
        /** We could not find out (Synapse unreachable, rate limiting, an unexpected answer). */
        UNKNOWN;

        /** The value of the {@code shared_secret} health fact. */
        public String fact() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SynapseDiagnosis {
        specVersions = List.copyOf(specVersions);
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        problems = List.copyOf(problems);
    }

    /** Accounts can be created: Synapse answers and accepts the shared secret. */
    public boolean healthy() {
        return reachable && sharedSecret == SharedSecret.ACCEPTED;
    }

    /** The health facts {@code reachable}, {@code version} (only if known) and {@code shared_secret}. */
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("reachable", Boolean.toString(reachable));
        serverVersion.ifPresent(version -> facts.put("version", version));
        facts.put("shared_secret", sharedSecret.fact());
        return facts;
    }
}
