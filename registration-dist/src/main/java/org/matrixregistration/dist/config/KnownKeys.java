package org.matrixregistration.dist.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every key this version understands, and the warning for one it does not. */
final class KnownKeys {
    /** With dots for nesting; below {@code logging} anything goes (Python's dictConfig). */
    static final Set<String> ALL = Set.of(
            "server_location", "server_name", "registration_shared_secret", "registration_shared_secret_file",
            "admin_api_shared_secret", "admin_api_shared_secret_file", "homeserver_admin_token",
            "homeserver_admin_token_file", "homeserver_timeout", "base_url", "public_url", "client_redirect",
            "client_logo", "db", "reservation_lifetime", "host", "port", "rate_limit", "admin_api_rate_limit",
            "admin_api_failed_auth_limit", "admin_api_cors_origins", "admin_console_idle_timeout",
            "admin_console_session_lifetime", "trusted_proxies", "allow_cors", "ip_logging",
            "shutdown_grace", "logging", "password", "password.min_length", "username", "username.validation_regex",
            "username.invalidation_regex", "token_words", "token_store", "metrics", "metrics.enabled", "metrics.port",
            "approval", "approval.notify_room", "approval.expire_after",
            "failed_token_limit", "failed_token_network_limit", "failed_token_global_limit", "request_body_timeout",
            "max_connections_per_client",
            // Keys of older Python releases that are accepted and ignored or mapped.
            "riot_instance");

    private KnownKeys() {}

    /** Adds a warning for every key below {@code node} that is not known, with the nearest known key. */
    static void warnAboutUnknown(JsonNode node, String prefix, List<String> warnings) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            if (key.equals("logging")) {
                continue;
            }
            if (!ALL.contains(key)) {
                warnings.add("unknown key '" + key + "' is ignored" + nearest(key).map(k -> "; did you mean '" + k + "'?").orElse(""));
            } else if (node.get(name).isObject()) {
                warnAboutUnknown(node.get(name), key, warnings);
            }
        }
    }

    /** The known key closest to {@code key}, if it is close enough to be a typo. */
    static Optional<String> nearest(String key) {
        return ALL.stream()
                .min(Comparator.comparingInt(known -> editDistance(known, key)))
                .filter(known -> editDistance(known, key) <= Math.max(2, key.length() / 3));
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
