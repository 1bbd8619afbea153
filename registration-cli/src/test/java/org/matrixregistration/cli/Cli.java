package org.matrixregistration.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the command line in-process as {@code main} would, with a fake environment behind the
 * factory, and captures both streams and the exit code.
 */
final class Cli {
    final FakeEnvironment environment = new FakeEnvironment();
    final List<Path> opened = new ArrayList<>();
    final Path home;
    final Path configFile;
    private final ConfigDiscovery discovery;
    private RuntimeException openFailure;

    Cli(Path home) {
        this.home = home;
        this.configFile = home.resolve("config.yaml");
        try {
            Files.writeString(configFile, "server_location: http://localhost:8008\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.discovery = new ConfigDiscovery(home, home.resolve("data"), Map.of("HOME", home.toString()));
    }

    /** The factory throws this instead of opening the environment. */
    void failToOpen(RuntimeException failure) {
        this.openFailure = failure;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = MatrixRegistrationCli.run(path -> {
            opened.add(path);
            if (openFailure != null) {
                throw openFailure;
            }
            return environment;
        }, discovery, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, normalized(out), normalized(err));
    }

    /** Runs with {@code --config-path} pointing at the test's config file. */
    Result runWithConfig(String... args) {
        return run(Stream.concat(Stream.of("--config-path", configFile.toString()), Stream.of(args)).toArray(String[]::new));
    }

    private static String normalized(StringWriter writer) {
        return writer.toString().replace(System.lineSeparator(), "\n");
    }

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }
}
