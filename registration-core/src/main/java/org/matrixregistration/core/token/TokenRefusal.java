package org.matrixregistration.core.token;

/** Why a token did not admit a registration, one value per rule of {@link TokenPolicy}. */
public enum TokenRefusal {
    /** No token has this name. */
    UNKNOWN("This invite token does not exist."),
    /** An admin disabled it. */
    DISABLED("This invite token has been disabled."),
    /** Its expiry has passed. */
    EXPIRED("This invite token has expired."),
    /** Completed and in-flight uses have reached its limit. */
    USED_UP("This invite token has already been used up.");

    private final String message;

    TokenRefusal(String message) {
        this.message = message;
    }

    /** A sentence a person understands, in English; adapters may translate by {@link #name()}. */
    public String message() {
        return message;
    }
}
