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

    @Override
    public String toString() {
        return "@" + localpart + ":" + serverName;
    }
}
