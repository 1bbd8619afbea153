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
 */
final class SharedSecret {
    private final Optional<byte[]> expected;

    private SharedSecret(Optional<byte[]> expected) {
        this.expected = expected;
    }

    static SharedSecret of(AdminApiSettings settings) {
        return new SharedSecret(settings.enabled() ? settings.sharedSecret().map(SharedSecret::digest) : Optional.empty());
    }

    boolean accepts(String authorization) {
        Optional<String> presented = credentials(authorization);
        byte[] given = digest(presented.orElse(""));
        boolean equal = MessageDigest.isEqual(expected.orElse(new byte[given.length]), given);
        return equal && expected.isPresent() && presented.isPresent();
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
