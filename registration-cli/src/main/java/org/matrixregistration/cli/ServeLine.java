package org.matrixregistration.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A command line that only runs the portal: {@code serve} with, before or after it, nothing but
 * {@code --config-path FILE} (or {@code --config-path=FILE}) and {@code -v}/{@code --verbose}, each
 * at most once. Anything else (help, a typo, another command) goes to the full command model,
 * which reports it as it always did.
 */
record ServeLine(Optional<Path> configPath, boolean verbose) {

    static Optional<ServeLine> parse(String... args) {
        boolean serve = false;
        boolean verbose = false;
        Optional<Path> config = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("serve") && !serve) {
                serve = true;
            } else if ((arg.equals("-v") || arg.equals("--verbose")) && !verbose) {
                verbose = true;
            } else if (arg.equals("--config-path") && config.isEmpty() && i + 1 < args.length && usable(args[i + 1])) {
                config = Optional.of(Path.of(args[++i]));
            } else if (arg.startsWith("--config-path=") && config.isEmpty() && usable(arg.substring(14))) {
                config = Optional.of(Path.of(arg.substring(14)));
            } else {
                return Optional.empty();
            }
        }
        return serve ? Optional.of(new ServeLine(config, verbose)) : Optional.empty();
    }

    /** A value picocli would take as the file, not as an option; and a path the JVM accepts. */
    private static boolean usable(String value) {
        if (value.isEmpty() || value.startsWith("-")) {
            return false;
        }
        try {
            Path.of(value);
            return true;
        } catch (RuntimeException invalid) {
            return false;
        }
    }
}
