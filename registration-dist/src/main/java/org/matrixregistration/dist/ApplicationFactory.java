package org.matrixregistration.dist;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.matrixregistration.cli.CliEnvironment;
import org.matrixregistration.cli.CliEnvironmentFactory;
import org.matrixregistration.cli.InvalidConfigurationException;
import org.matrixregistration.dist.config.ConfigException;
import org.matrixregistration.dist.config.ConfigLoader;
import org.matrixregistration.dist.config.PortalConfig;
import org.matrixregistration.dist.logging.LoggingSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, sets up logging, and builds the {@link Application} the CLI runs on. */
public final class ApplicationFactory implements CliEnvironmentFactory {
    private final Map<String, String> environment;
    private final Path workingDirectory;

    public ApplicationFactory(Map<String, String> environment, Path workingDirectory) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    @Override
    public CliEnvironment open(Path configFile) {
        PortalConfig config;
        try {
            config = new ConfigLoader(environment, workingDirectory).load(configFile);
        } catch (ConfigException e) {
            List<String> problems = e.problems().stream().map(Object::toString).toList();
            throw new InvalidConfigurationException(configFile, problems);
        }
        Logger log = LoggerFactory.getLogger(ApplicationFactory.class);
        LoggingSetup.apply(config.logging()).forEach(log::warn);
        config.warnings().forEach(warning -> log.warn("{}: {}", configFile, warning));
        return new Application(config, workingDirectory);
    }
}
