package org.matrixregistration.core.memory;

import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.InviteTokensContract;

class InMemoryInviteTokensTest extends InviteTokensContract {
    @Override
    protected InviteTokens newStore() {
        return new InMemoryInviteTokens();
    }
}
