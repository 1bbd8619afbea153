package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The colour pairs the stylesheet uses meet WCAG 2.1 AA, in the light and the dark scheme: 4.5:1
 * for text, 3:1 for input borders and focus rings (non-text contrast).
 */
class PortalStyleTest {
    private static final Pattern VARIABLE = Pattern.compile("--([a-z-]+):\\s*(#[0-9a-fA-F]{6})");

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void coloursMeetAa(boolean dark) throws IOException {
        Map<String, String> colours = colours(dark);
        assertText(colours, "text", "card");
        assertText(colours, "text", "bg");
        assertText(colours, "muted", "card");
        assertText(colours, "muted", "bg");
        assertText(colours, "on-accent", "accent");
        assertText(colours, "on-accent", "accent-hover");
        assertText(colours, "error", "card");
        assertText(colours, "error", "error-bg");
        assertText(colours, "ok", "card");
        assertText(colours, "link", "card");
        assertText(colours, "link", "bg");
        assertThat(contrast(colours.get("border"), colours.get("card"))).as("input border").isGreaterThanOrEqualTo(3.0);
        assertThat(contrast(colours.get("focus"), colours.get("card"))).as("focus ring").isGreaterThanOrEqualTo(3.0);
        assertThat(contrast(colours.get("accent"), colours.get("card"))).as("button against card").isGreaterThanOrEqualTo(3.0);
    }

    private static void assertText(Map<String, String> colours, String foreground, String background) {
        assertThat(contrast(colours.get(foreground), colours.get(background)))
                .as(foreground + " on " + background)
                .isGreaterThanOrEqualTo(4.5);
    }

    private static Map<String, String> colours(boolean dark) throws IOException {
        String css;
        try (InputStream in = StaticAssets.class.getResourceAsStream("static/portal.css")) {
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int darkStart = css.indexOf("@media (prefers-color-scheme: dark)");
        Map<String, String> colours = new HashMap<>();
        read(css.substring(0, darkStart), colours);
        if (dark) {
            read(css.substring(darkStart), colours);
        }
        return colours;
    }

    private static void read(String block, Map<String, String> into) {
        Matcher m = VARIABLE.matcher(block);
        while (m.find()) {
            into.put(m.group(1), m.group(2));
        }
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16 & 0xFF) + 0.7152 * channel(rgb >> 8 & 0xFF) + 0.0722 * channel(rgb & 0xFF);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
