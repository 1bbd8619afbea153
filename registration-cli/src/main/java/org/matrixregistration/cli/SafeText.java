package org.matrixregistration.cli;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Text from outside the command line made safe to print: without the control characters that would
 * steer the terminal, and without the passwords that a database URL or an error message may carry.
 */
public final class SafeText {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^/\\s:@]*):[^/\\s@]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private SafeText() {}

    /**
     * Control characters would let stored text move the cursor or recolour the terminal, and
     * bidirectional overrides would let it show something other than what is stored.
     */
    public static String printable(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) || isBidiControl(c) ? ' ' : c));
        return safe.toString();
    }

    /** Masks the password of {@code scheme://user:password@host} and {@code password=...} parameters. */
    public static String redact(String text) {
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1:***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }

    public static List<String> redact(List<String> lines) {
        return lines.stream().map(SafeText::redact).toList();
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
    }
}
