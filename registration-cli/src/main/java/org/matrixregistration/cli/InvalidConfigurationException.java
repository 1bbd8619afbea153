package org.matrixregistration.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The configuration file is unusable. It carries every problem found, not only the first, so
 * that an admin fixes the file in one go; each problem names its key, e.g.
 * {@code "server_location: must be an http or https URL"}, and never quotes a secret value.
 */
public final class InvalidConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Path configFile;
    private final List<String> problems;

    public InvalidConfigurationException(Path configFile, List<String> problems) {
        super(configFile + " has " + describeCount(problems) + ": " + String.join("; ", problems));
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.problems = List.copyOf(problems);
        if (this.problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
    }

    public Path configFile() {
        return configFile;
    }

    public List<String> problems() {
        return problems;
    }

    private static String describeCount(List<String> problems) {
        return problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    }
}
