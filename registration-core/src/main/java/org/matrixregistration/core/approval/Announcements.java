package org.matrixregistration.core.approval;

import java.util.Optional;

/**
 * Where registration requests are announced to admins (a Matrix room). Best effort: a failure is
 * the implementation's to log and report; it never stops a sign-up or a decision.
 */
public interface Announcements {

    /** Posts a notice; its id, to reply to, or empty if it could not be posted. */
    Optional<String> announce(String text);

    /** Posts {@code text} as a reply to the notice {@code noticeId}. */
    void reply(String noticeId, String text);

    /** No room: nothing is announced. */
    Announcements NONE = new Announcements() {
        @Override
        public Optional<String> announce(String text) {
            return Optional.empty();
        }

        @Override
        public void reply(String noticeId, String text) {
            // nowhere to say it
        }
    };
}
