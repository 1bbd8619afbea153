package org.matrixregistration.core.registration;

import java.util.Objects;

/**
 * One problem with one field of the sign-up form.
 *
 * @param field   the form field: {@code username}, {@code password}, {@code confirm} or {@code token}
 * @param code    a stable identifier for translations, e.g. {@code password_too_short}
 * @param message an English sentence a person can act on
 */
public record FieldError(String field, String code, String message) {
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String CONFIRM = "confirm";
    public static final String TOKEN = "token";

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
