package org.matrixregistration.cli.token;

import org.matrixregistration.core.token.TokenName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a token name exactly as given: names are case-sensitive, so nothing is folded. */
final class TokenNameConverter implements ITypeConverter<TokenName> {
    @Override
    public TokenName convert(String value) {
        try {
            return new TokenName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
