package org.matrixregistration.dist.logging;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Python {@code logging} format string ({@code '%(asctime)s - %(name)s - %(levelname)s -
 * %(message)s'}, as the old tool's sample has it) into a logback pattern that prints the same
 * fields in the same places, so that a log file keeps its shape across the switch.
 *
 * <p>Fields without a counterpart here ({@code %(process)d}, {@code %(pathname)s}, ...) print
 * nothing rather than stopping start-up over a cosmetic setting. Widths ({@code %(levelname)-8s})
 * are kept. {@code asctime} is Python's default {@code 2026-11-30 14:03:07,123}.
 */
final class PythonLogFormat {
    private static final Pattern FIELD = Pattern.compile("%\\((\\w+)\\)([-#0 +]*)(\\d*)(?:\\.\\d+)?[sdfrxXeEgGiou]|%%");
    private static final Map<String, String> FIELDS = Map.ofEntries(
            // Quoted: in logback a comma inside %d{...} would start the time zone option.
            Map.entry("asctime", "%d{\"yyyy-MM-dd HH:mm:ss,SSS\"}"),
            Map.entry("msecs", "%d{SSS}"),
            Map.entry("name", "%logger"),
            Map.entry("levelname", "%level"),
            Map.entry("message", "%msg"),
            Map.entry("msg", "%msg"),
            Map.entry("threadName", "%thread"),
            Map.entry("thread", "%thread"),
            Map.entry("module", "%logger{0}"),
            Map.entry("filename", "%logger{0}"));

    private PythonLogFormat() {}

    /** The logback pattern for {@code format}, ending in a newline. */
    static String toPattern(String format) {
        StringBuilder pattern = new StringBuilder();
        Matcher field = FIELD.matcher(format);
        int last = 0;
        while (field.find()) {
            pattern.append(literal(format.substring(last, field.start())));
            if (field.group().equals("%%")) {
                pattern.append("\\%");
            } else {
                String converter = FIELDS.getOrDefault(field.group(1), "");
                if (!converter.isEmpty() && !field.group(3).isEmpty()) {
                    converter = "%" + (field.group(2).contains("-") ? "-" : "") + field.group(3) + converter.substring(1);
                }
                pattern.append(converter);
            }
            last = field.end();
        }
        pattern.append(literal(format.substring(last)));
        return pattern.append("%n").toString();
    }

    /** Literal text with logback's special characters escaped. */
    private static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("(", "\\(").replace(")", "\\)");
    }
}
