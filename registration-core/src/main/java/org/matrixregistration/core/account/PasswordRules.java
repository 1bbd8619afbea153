package org.matrixregistration.core.account;

import java.util.ArrayList;
import java.util.List;

/**
 * What a new password must satisfy: at least {@code minLength} characters (the {@code
 * password.min_length} setting, default 8), at most {@value #MAX_LENGTH} (Synapse refuses longer
 * ones), and equal to its confirmation. Lengths count Unicode code points, as a person would.
 */
public record PasswordRules(int minLength) {
    public static final int DEFAULT_MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 512;

    public PasswordRules {
        if (minLength < 1 || minLength > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "password.min_length must be between 1 and " + MAX_LENGTH + "; got " + minLength);
        }
    }

    public static PasswordRules defaults() {
        return new PasswordRules(DEFAULT_MIN_LENGTH);
    }

    /** A problem with the password ({@code password}) or its confirmation ({@code confirm}). */
    public record Problem(String field, String code, String message) {}

    /** Every problem found; empty if the password is acceptable. */
    public List<Problem> check(String password, String confirmation) {
        List<Problem> problems = new ArrayList<>();
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length == 0) {
            problems.add(new Problem("password", "password_required", "Choose a password."));
        } else if (length < minLength) {
            problems.add(new Problem("password", "password_too_short",
                    "The password must have at least " + minLength + " characters."));
        } else if (length > MAX_LENGTH) {
            problems.add(new Problem("password", "password_too_long",
                    "The password may have at most " + MAX_LENGTH + " characters."));
        }
        if (password != null && !password.equals(confirmation)) {
            problems.add(new Problem("confirm", "password_mismatch", "The passwords do not match."));
        }
        return problems;
    }
}
