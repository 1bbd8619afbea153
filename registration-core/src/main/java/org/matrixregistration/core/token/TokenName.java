package org.matrixregistration.core.token;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of an invite token, which is also the secret a person types or follows in a link.
 *
 * <p>Generated names are three capitalised words ({@code DoubleWizardSki}); admins may choose any
 * name of 1 to 64 characters from {@code A-Z a-z 0-9 . _ ~ -} (the URL-safe "unreserved" set, so a
 * name never needs escaping in an invite link). Names are case-sensitive.
 */
public record TokenName(String value) {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

    public TokenName {
        Objects.requireNonNull(value, "token name");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "A token name has 1 to 64 characters from A-Z, a-z, 0-9, '.', '_', '~' and '-'");
        }
    }

    /** Whether {@code candidate} could name a token, without throwing. */
    public static boolean isValid(String candidate) {
        return candidate != null && ALLOWED.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
