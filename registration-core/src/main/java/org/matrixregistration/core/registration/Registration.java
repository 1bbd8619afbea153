package org.matrixregistration.core.registration;

import java.util.Objects;
import java.util.Optional;

/**
 * A sign-up request as a person filled it in. Fields are raw; {@link RegisterAccount} validates
 * them. {@link #toString()} never shows the passwords.
 *
 * @param username      {@code alice}, {@code @alice} or {@code @alice:server_name}
 * @param clientAddress the client's address, recorded with the use only when IP logging is on
 */
public record Registration(
        String username,
        String password,
        String confirmation,
        String token,
        Optional<String> displayName,
        Optional<String> clientAddress) {

    /**
     * The longest display name a sign-up may set, in UTF-16 code units after stripping surrounding
     * spaces (what {@link String#length()} and an HTML {@code maxlength} count).
     */
    public static final int MAX_DISPLAY_NAME_LENGTH = 256;

    public Registration {
        username = Objects.requireNonNullElse(username, "");
        password = Objects.requireNonNullElse(password, "");
        confirmation = Objects.requireNonNullElse(confirmation, "");
        token = Objects.requireNonNullElse(token, "");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /**
     * A sign-up from a program (a bot, another service): the password is given once, as no person
     * typed it twice; no display name or client address.
     */
    public static Registration of(String username, String password, String token) {
        return of(username, password, password, token);
    }

    /** A request without display name or client address. */
    public static Registration of(String username, String password, String confirmation, String token) {
        return new Registration(username, password, confirmation, token, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Registration[username=" + username + ", password=<redacted>, confirmation=<redacted>, token=<redacted>"
                + ", displayName=" + displayName + ", clientAddress=" + clientAddress + "]";
    }
}
