package org.matrixregistration.core.token;

/** Why a token did not admit a registration, one value per rule of {@link TokenPolicy}. */
public enum TokenRefusal {
    /** No token has this name (or the text could not be a token's name). */
    UNKNOWN("token_unknown", "This invite token does not exist."),
    /** An admin disabled it. */
    DISABLED("token_disabled", "This invite token has been disabled."),
    /** Its expiry has passed. */
    EXPIRED("token_expired", "This invite token has expired."),
    /** Completed and in-flight uses have reached its limit. */
    USED_UP("token_used_up", "This invite token has already been used up.");

    private final String code;
    private final String message;

    TokenRefusal(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /**
     * The stable identifier of this refusal, e.g. {@code token_used_up}: the code of the {@code token}
     * field's problem and the key of its translations ({@code error.token_used_up}). Spelled out
     * rather than derived from {@link #name()}, so that renaming a constant cannot change it.
     */
    public String code() {
        return code;
    }

    /** A sentence a person understands, in English; adapters translate by {@link #code()}. */
    public String message() {
        return message;
    }
}
