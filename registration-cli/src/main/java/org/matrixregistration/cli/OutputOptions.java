package org.matrixregistration.cli;

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
 * default, and {@value #HELP_TEXTS} (picocli's resource bundle, keys {@code COMMAND.json}) holds
 * the others.
 */
final class OutputOptions {
    /** The resource bundle with the {@code --json} help of the commands that print more than "JSON". */
    static final String HELP_TEXTS = "org.matrixregistration.cli.json-option";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    /** Whether the output is JSON, for the parts of a command's output that only people get. */
    boolean json() {
        return json;
    }

    /** With {@code --json} the value as JSON, otherwise the lines; only the form printed is built. */
    void print(Supplier<?> forScripts, Supplier<List<String>> forPeople) {
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(json(forScripts.get()));
        } else {
            forPeople.get().forEach(out::println);
        }
        out.flush();
    }

    /** Maps (in their iteration order), lists, strings, numbers, booleans and null, indented by two spaces. */
    static String json(Object value) {
        return Json.write(value);
    }
}
