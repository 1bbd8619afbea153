package org.matrixregistration.core.registration;

import java.util.Objects;
import org.matrixregistration.core.token.TokenRefusal;

/**
 * One problem with one field of the sign-up form.
 *
 * @param field   the form field: {@code username}, {@code password}, {@code confirm},
 *                {@code displayname} or {@code token}
 * @param code    a stable identifier for translations, e.g. {@code password_too_short}; a refused
 *                token's is {@link TokenRefusal#code()}
 * @param message an English sentence a person can act on
 */
public record FieldError(String field, String code, String message) {
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String CONFIRM = "confirm";
    public static final String DISPLAY_NAME = "displayname";
    public static final String TOKEN = "token";

    /**
     * The code of an empty token field. No token was presented, so none was refused: this is a
     * field problem like a missing username, not a {@link TokenRefusal}.
     */
    public static final String TOKEN_REQUIRED = "token_required";
    /** The code of a display name longer than {@link Registration#MAX_DISPLAY_NAME_LENGTH}. */
    public static final String DISPLAY_NAME_TOO_LONG = "displayname_too_long";

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The problem a form shows for a refused token. */
    public static FieldError of(TokenRefusal refusal) {
        return new FieldError(TOKEN, refusal.code(), refusal.message());
    }
}
