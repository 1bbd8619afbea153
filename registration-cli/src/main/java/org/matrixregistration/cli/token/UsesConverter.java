package org.matrixregistration.cli.token;

import java.util.Locale;
import org.matrixregistration.core.token.UsageLimit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a usage limit: a whole number of registrations, where 0 means unlimited as in the Python
 * tool's {@code -m 0} and the admin API's {@code max_usage}, or the word {@code unlimited}.
 */
final class UsesConverter implements ITypeConverter<UsageLimit> {
    static final String FORMS = "a whole number of registrations, or 0 or 'unlimited' for no limit";

    @Override
    public UsageLimit convert(String value) {
        String text = value.strip();
        if (text.toLowerCase(Locale.ROOT).equals("unlimited")) {
            return UsageLimit.UNLIMITED;
        }
        try {
            int number = Integer.parseInt(text);
            if (number < 0) {
                throw new TypeConversionException("'" + value + "' is negative; give " + FORMS);
            }
            return new UsageLimit(number);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not " + FORMS);
        }
    }
}
