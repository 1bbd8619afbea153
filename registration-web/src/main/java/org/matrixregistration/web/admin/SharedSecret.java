package org.matrixregistration.web.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The admin API's credential: {@code Authorization: SharedSecret <secret>} as the old tool wanted
 * it, or {@code Bearer <secret>}. Both sides are hashed before a constant-time comparison, so the
 * time taken reveals neither the secret's content nor its length. When the API is disabled nothing
 * is accepted.
 *
 * <p>The secret is hashed on the first request that presents credentials, not when the portal
 * starts: the first digest sets up the JVM's security providers, a few milliseconds of a start
 * that only an admin's request needs.
 */
final class SharedSecret {
    private final Optional<String> secret;
    /** The secret's digest, once a request needed it; computing it twice in a race is harmless. */
    private volatile byte[] expected;

    private SharedSecret(Optional<String> secret) {
        this.secret = secret;
    }

    static SharedSecret of(AdminApiSettings settings) {
        return new SharedSecret(settings.enabled() ? settings.sharedSecret() : Optional.empty());
    }

    boolean accepts(String authorization) {
        Optional<String> presented = credentials(authorization);
        byte[] given = digest(presented.orElse(""));
        boolean equal = MessageDigest.isEqual(expected().orElse(new byte[given.length]), given);
        return equal && secret.isPresent() && presented.isPresent();
    }

    private Optional<byte[]> expected() {
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = expected;
        if (digest == null) {
            digest = digest(secret.get());
            expected = digest;
        }
        return Optional.of(digest);
    }

    private static Optional<String> credentials(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sharedsecret") && !scheme.equals("bearer")) {
            return Optional.empty();
        }
        String secret = header.substring(space + 1).strip();
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.strip().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
