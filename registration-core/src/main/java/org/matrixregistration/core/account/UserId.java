package org.matrixregistration.core.account;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Matrix user ID, {@code @localpart:server_name}, whose localpart already passed
 * {@link UsernameRules}. The full ID is at most {@value #MAX_BYTES} bytes, as the Matrix
 * specification requires.
 */
public record UserId(String localpart, String serverName) {
    public static final int MAX_BYTES = 255;

    public UserId {
        Objects.requireNonNull(localpart, "localpart");
        Objects.requireNonNull(serverName, "serverName");
        if (localpart.isEmpty() || serverName.isEmpty()) {
            throw new IllegalArgumentException("a user ID needs a localpart and a server name");
        }
        int bytes = ("@" + localpart + ":" + serverName).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a user ID is at most " + MAX_BYTES + " bytes; got " + bytes);
        }
    }

    /**
     * Reads {@code @localpart:server_name}; the server name may carry a port ({@code :8448}).
     *
     * @throws IllegalArgumentException if {@code text} is not such an ID
     */
    public static UserId parse(String text) {
        Objects.requireNonNull(text, "user ID");
        int colon = text.indexOf(':');
        if (!text.startsWith("@") || colon < 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a user ID looks like @alice:example.org; got '" + text + "'");
        }
        return new UserId(text.substring(1, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "@" + localpart + ":" + serverName;
    }
}
