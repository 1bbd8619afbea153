package org.matrixregistration.cli.token;

import org.matrixregistration.core.admin.Expiry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --expires} as core's {@link Expiry#parse} does; a refusal is a usage error. */
final class ExpiryConverter implements ITypeConverter<Expiry> {
    static final String FORMS = Expiry.FORMS;

    @Override
    public Expiry convert(String text) {
        try {
            return Expiry.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
