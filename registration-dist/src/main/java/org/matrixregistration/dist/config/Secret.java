package org.matrixregistration.dist.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret from the configuration. It never prints itself, and it compares in constant time so
 * that response timing reveals nothing about it.
 *
 * @param source where it came from, for messages ("environment variable X", "file Y", "config.yaml")
 */
public record Secret(String value, String source) {
    public Secret {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Constant-time comparison with a presented value. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "<secret from " + source + ">";
    }
}
