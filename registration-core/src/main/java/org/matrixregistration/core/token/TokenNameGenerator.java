package org.matrixregistration.core.token;

/** Makes names for new tokens. Implementations must be safe for concurrent use. */
@FunctionalInterface
public interface TokenNameGenerator {
    TokenName next();
}
