package org.matrixregistration.core.memory;

import org.matrixregistration.core.session.AdminSessions;
import org.matrixregistration.core.session.AdminSessionsContract;

class InMemoryAdminSessionsTest extends AdminSessionsContract {
    @Override
    protected AdminSessions newStore() {
        return new InMemoryAdminSessions();
    }
}
