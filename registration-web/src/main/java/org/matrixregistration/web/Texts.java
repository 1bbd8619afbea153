package org.matrixregistration.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The words of the pages in one language, read from {@code i18n/<tag>.properties} (the sign-up
 * page) or {@code i18n/console-<tag>.properties} (the admin console), UTF-8, next to this class. A
 * key missing in a translation falls back to English; a key missing in English is a bug and shows
 * as the key itself. Placeholders are written {@code {name}} and replaced literally (no
 * {@code MessageFormat}, whose quoting rules would trip over French apostrophes).
 */
public final class Texts {
    /**
     * Each language is read when a page first needs it: reading all fourteen files took about a
     * tenth of the portal's start-up, and most portals only ever show one or two languages.
     */
    private static final Map<Language, Texts> PAGES = new ConcurrentHashMap<>();
    private static final Map<Language, Texts> CONSOLE = new ConcurrentHashMap<>();

    private final Language language;
    private final Map<String, String> messages;

    private Texts(Language language, Map<String, String> messages) {
        this.language = language;
        this.messages = Map.copyOf(messages);
    }

    /** The sign-up page's words. */
    public static Texts of(Language language) {
        return in(PAGES, "", language);
    }

    /** The admin console's words. */
    public static Texts console(Language language) {
        return in(CONSOLE, "console-", language);
    }

    public Language language() {
        return language;
    }

    public String get(String key) {
        return messages.getOrDefault(key, key);
    }

    public boolean has(String key) {
        return messages.containsKey(key);
    }

    /** The message with each {@code {name}} replaced by its value. */
    public String format(String key, Map<String, String> values) {
        String text = get(key);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", value.getValue());
        }
        return text;
    }

    /** The keys a translation file itself defines, without the English fallback; for tests. */
    static Map<String, String> ownMessages(Language language) {
        return read("", language);
    }

    /** As {@link #ownMessages}, for the console's words. */
    static Map<String, String> ownConsoleMessages(Language language) {
        return read("console-", language);
    }

    /**
     * A language's words from {@code cache}, read on first use over the English ones (themselves read
     * once). Two first uses at once may both read the file; the first one stored is kept.
     */
    private static Texts in(Map<Language, Texts> cache, String prefix, Language language) {
        Texts known = cache.get(language);
        if (known != null) {
            return known;
        }
        Map<String, String> merged;
        if (language == Language.EN) {
            merged = read(prefix, language);
        } else {
            merged = new HashMap<>(in(cache, prefix, Language.EN).messages);
            merged.putAll(read(prefix, language));
        }
        Texts read = new Texts(language, merged);
        Texts stored = cache.putIfAbsent(language, read);
        return stored == null ? read : stored;
    }

    private static Map<String, String> read(String prefix, Language language) {
        String resource = "i18n/" + prefix + language.tag() + ".properties";
        try (InputStream in = Texts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing translation resource " + resource);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> messages = new HashMap<>();
            properties.stringPropertyNames().forEach(key -> messages.put(key, properties.getProperty(key)));
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
