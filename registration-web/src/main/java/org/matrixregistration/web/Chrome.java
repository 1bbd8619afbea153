package org.matrixregistration.web;

import java.util.List;
import java.util.Map;

/** What every page shows around its content: language, assets, logo, server name, language links. */
record Chrome(
        Texts texts,
        String serverName,
        String cssUrl,
        String jsUrl,
        String logoUrl,
        String iconUrl,
        List<LanguageLink> languages) {

    /** A link to the same page in another language. */
    record LanguageLink(String tag, String name, String href, boolean current) {}

    String lang() {
        return texts.language().tag();
    }

    String t(String key) {
        return texts.format(key, Map.of("server", serverName));
    }

    String t(String key, String name, String value) {
        return texts.format(key, Map.of("server", serverName, name, value));
    }
}
