package org.matrixregistration.cli;

import java.nio.file.Path;

/**
 * Builds the {@link CliEnvironment} from a configuration file; implemented by the composition
 * root. The CLI calls it lazily, only for commands that need the application, so {@code --help},
 * {@code --version} and {@code completion} work without any configuration.
 */
@FunctionalInterface
public interface CliEnvironmentFactory {

    /**
     * Reads and validates {@code configFile} and builds the environment.
     *
     * @throws InvalidConfigurationException listing every problem of the file, each naming its key
     */
    CliEnvironment open(Path configFile);
}
