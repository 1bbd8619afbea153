package org.matrixregistration.dist.config;

import java.util.Objects;

/**
 * A secret from the configuration, with where it came from. It never prints itself.
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

    @Override
    public String toString() {
        return "<secret from " + source + ">";
    }
}
