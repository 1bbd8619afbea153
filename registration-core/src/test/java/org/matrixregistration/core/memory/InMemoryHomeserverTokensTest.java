package org.matrixregistration.core.memory;

import org.matrixregistration.core.token.HomeserverTokens;
import org.matrixregistration.core.token.HomeserverTokensContract;

class InMemoryHomeserverTokensTest extends HomeserverTokensContract {
    private final InMemoryHomeserverTokens tokens = new InMemoryHomeserverTokens();

    @Override
    protected HomeserverTokens tokens() {
        return tokens;
    }
}
