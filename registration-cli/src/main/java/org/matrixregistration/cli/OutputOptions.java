package org.matrixregistration.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} for the commands that answer scripts as well as people, and the one place that
 * prints their result: JSON or lines, on the command's standard output, flushed.
 *
 * <p>The flag's help says what the JSON is, which differs by command: the text below is the
 * default, and the resource bundle {@code json-option.properties} beside this class holds the
 * others under picocli's command-qualified keys ({@code matrix-registration.token.list.json}).
 */
public final class OutputOptions {
    /** The resource bundle with the {@code --json} help of the commands that print more than "JSON". */
    static final String HELP_TEXTS = "org.matrixregistration.cli.json-option";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    /** Whether the output is JSON, for the parts of a command's output that only people get. */
    public boolean json() {
        return json;
    }

    /** With {@code --json} the value as JSON, otherwise the lines; only the form printed is built. */
    public void print(Supplier<?> forScripts, Supplier<List<String>> forPeople) {
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(json(forScripts.get()));
        } else {
            forPeople.get().forEach(out::println);
        }
        out.flush();
    }

    /** Maps (in their iteration order), lists, strings, numbers, booleans and null, indented by two spaces. */
    public static String json(Object value) {
        try {
            return JsonWriter.INSTANCE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName(), e);
        }
    }

    /**
     * The form the commands have always printed, which scripts may read line by line: one member or
     * element a line, indented by two spaces, {@code "key": value}, and {@code []} and {@code {}}
     * when empty (Jackson's default puts arrays on one line and spaces in all three places). Built on
     * first use, so that commands printing no JSON do not pay for Jackson's start.
     */
    private static final class JsonWriter {
        static final ObjectWriter INSTANCE = build();

        private static ObjectWriter build() {
            DefaultIndenter onePerLine = new DefaultIndenter("  ", "\n");
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
            printer.indentObjectsWith(onePerLine);
            printer.indentArraysWith(onePerLine);
            return JsonMapper.builder().build().writer(printer).with(new Escapes());
        }
    }

    /**
     * Control characters other than newline, return and tab as backslash-u escapes in lower-case hex
     * (as printed so far; Jackson alone would write backslash-b and backslash-f for two of them), and
     * U+2028 and U+2029, which end a line in JavaScript.
     */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return c < 0x20 || c == 0x2028 || c == 0x2029 ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
