package org.matrixregistration.web;

import java.util.Optional;

/** The page after a successful sign-up: the new user ID and a way on to a Matrix client. */
record WelcomeView(Chrome chrome, String userId, Optional<String> redirect) {

    String title() {
        return chrome.t("welcome.title", "user", userId);
    }
}
