package org.matrixregistration.web.console;

import io.undertow.util.AttachmentKey;

/**
 * The admin of the request, once the session gate let it through.
 *
 * @param sessionId the store's id of the session (a hash; never the cookie's secret)
 * @param csrf      the token every state-changing form of this session must send back
 */
record SignedIn(String sessionId, String csrf) {
    static final AttachmentKey<SignedIn> KEY = AttachmentKey.create(SignedIn.class);

    @Override
    public String toString() {
        return "SignedIn[<redacted>]";
    }
}
