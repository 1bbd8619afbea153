package org.matrixregistration.core.account;

import java.util.Objects;
import java.util.Optional;

/** An account to create on the homeserver. {@link #toString()} never shows the password. */
public record NewAccount(UserId userId, String password, Optional<String> displayName) {
    public NewAccount {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(displayName, "displayName");
    }

    @Override
    public String toString() {
        return "NewAccount[userId=" + userId + ", password=<redacted>, displayName=" + displayName + "]";
    }
}
