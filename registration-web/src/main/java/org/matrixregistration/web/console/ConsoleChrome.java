package org.matrixregistration.web.console;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.web.Texts;

/**
 * What every console page shows around its content: the words in the admin's language, the
 * assets, the console's own path (with {@code base_url}), the form token of a signed-in admin, the
 * language links, and whether sign-ups that wait for approval are available (the requests page, the
 * approval setting of the invite forms).
 */
record ConsoleChrome(Texts texts, String portalCss, String consoleCss, String consoleJs, String logoUrl, String base,
        Optional<String> csrf, List<LanguageLink> languages, boolean approval) {

    record LanguageLink(String tag, String name, String href, boolean current) {}

    String lang() {
        return texts.language().tag();
    }

    String t(String key) {
        return texts.get(key);
    }

    String t(String key, String name, String value) {
        return texts.format(key, Map.of(name, value));
    }

    /** A path of the console, e.g. {@code href("/invites/new")}. */
    String href(String path) {
        return base + path;
    }

    boolean signedIn() {
        return csrf.isPresent();
    }

    String csrfToken() {
        return csrf.orElse("");
    }
}
