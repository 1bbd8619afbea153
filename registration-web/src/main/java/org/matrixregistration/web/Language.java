package org.matrixregistration.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the page is written in, and how a request picks one: {@code ?lang=} if it names
 * one of them, else the best match of {@code Accept-Language}, else English.
 *
 * <p>Matching ignores case and falls back from a regional tag to its language ({@code de-AT} is
 * German). Portuguese of any region is served in Brazilian Portuguese; Chinese in simplified
 * script ({@code zh}, {@code zh-CN}, {@code zh-SG}, {@code zh-Hans*}) is served in {@code zh-Hans},
 * while traditional script ({@code zh-TW}, {@code zh-HK}, {@code zh-Hant*}) matches nothing rather
 * than the wrong script. A tag is never used to build a path: it only selects from this list.
 */
public enum Language {
    EN("en", "English"),
    DE("de", "Deutsch"),
    FR("fr", "Français"),
    ES("es", "Español"),
    PT_BR("pt-BR", "Português (Brasil)"),
    SV("sv", "Svenska"),
    ZH_HANS("zh-Hans", "简体中文");

    private static final int MAX_RANGES = 20;

    private final String tag;
    private final String nativeName;

    Language(String tag, String nativeName) {
        this.tag = tag;
        this.nativeName = nativeName;
    }

    /** The BCP 47 tag for {@code <html lang>} and {@code Content-Language}. */
    public String tag() {
        return tag;
    }

    public String nativeName() {
        return nativeName;
    }

    /** {@code requested} (a {@code ?lang=} value) if it names a language here, else {@link #negotiate}. */
    public static Language choose(String requested, String acceptLanguage) {
        if (requested != null && !requested.isBlank()) {
            Optional<Language> explicit = match(requested);
            if (explicit.isPresent()) {
                return explicit.get();
            }
        }
        return negotiate(acceptLanguage);
    }

    /**
     * The best language for an {@code Accept-Language} header; English if none fits. The JDK
     * parses the ranges and their weights; each comma-separated range is parsed on its own, so
     * that one malformed range (a client's typo) drops only itself, and at most
     * {@value #MAX_RANGES} are looked at.
     */
    static Language negotiate(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return EN;
        }
        List<Locale.LanguageRange> ranges = new ArrayList<>();
        String[] parts = acceptLanguage.split(",", MAX_RANGES + 1);
        for (int i = 0; i < parts.length && i < MAX_RANGES; i++) {
            try {
                ranges.addAll(Locale.LanguageRange.parse(parts[i].strip()));
            } catch (IllegalArgumentException malformed) {
                // this range only
            }
        }
        // Stable: ranges of equal weight keep the client's order.
        ranges.sort(Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed());
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                break;
            }
            if (range.getRange().equals("*")) {
                return EN;
            }
            Optional<Language> matched = match(range.getRange());
            if (matched.isPresent()) {
                return matched.get();
            }
        }
        return EN;
    }

    /** The language a single tag asks for, if we have it. */
    static Optional<Language> match(String requestedTag) {
        String tag = requestedTag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
        if (tag.length() > 35) {
            return Optional.empty();
        }
        String[] subtags = tag.split("-", -1);
        String primary = subtags[0];
        switch (primary) {
            case "en":
                return Optional.of(EN);
            case "de":
                return Optional.of(DE);
            case "fr":
                return Optional.of(FR);
            case "es":
                return Optional.of(ES);
            case "pt":
                return Optional.of(PT_BR);
            case "sv":
                return Optional.of(SV);
            case "zh":
                return isTraditionalChinese(subtags) ? Optional.empty() : Optional.of(ZH_HANS);
            default:
                return Optional.empty();
        }
    }

    private static boolean isTraditionalChinese(String[] subtags) {
        for (int i = 1; i < subtags.length; i++) {
            switch (subtags[i]) {
                case "hans":
                    return false;
                case "hant", "tw", "hk", "mo":
                    return true;
                default:
                    break;
            }
        }
        return false;
    }
}
