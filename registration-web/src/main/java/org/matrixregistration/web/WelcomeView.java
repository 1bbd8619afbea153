package org.matrixregistration.web;

import java.util.Optional;

/**
 * The page after a successful sign-up: the new user ID and a way on to a Matrix client; or, when
 * the account waits for an admin's approval, that it does.
 */
record WelcomeView(Chrome chrome, String userId, Optional<String> redirect, boolean awaitingApproval) {

    String title() {
        return chrome.t(awaitingApproval ? "welcome.pending_title" : "welcome.title", "user", userId);
    }

    String text() {
        return chrome.t(awaitingApproval ? "welcome.pending_text" : "welcome.text");
    }
}
