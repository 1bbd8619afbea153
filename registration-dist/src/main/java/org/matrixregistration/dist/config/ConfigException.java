package org.matrixregistration.dist.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; carries every problem found, each naming its key. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(Path file, List<ConfigProblem> problems) {
        super(file + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
