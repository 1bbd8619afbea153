package org.matrixregistration.core.memory;

import org.matrixregistration.core.approval.RegistrationRequests;
import org.matrixregistration.core.approval.RegistrationRequestsContract;

class InMemoryRegistrationRequestsTest extends RegistrationRequestsContract {
    @Override
    protected RegistrationRequests newStore() {
        return new InMemoryRegistrationRequests();
    }
}
