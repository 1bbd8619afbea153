package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One invocation's shared state: the global options and the environment, opened on first use so
 * that commands which need no configuration never look for one.
 */
public final class Session implements AutoCloseable {
    private final CliEnvironmentFactory factory;
    private final ConfigDiscovery discovery;
    private final PrintWriter err;
    private Optional<Path> configPath = Optional.empty();
    private boolean verbose;
    private Path configFile;
    private CliEnvironment environment;

    Session(CliEnvironmentFactory factory, ConfigDiscovery discovery, PrintWriter err) {
        this.factory = factory;
        this.discovery = discovery;
        this.err = err;
    }

    void configPath(Path path) {
        this.configPath = Optional.ofNullable(path);
    }

    void verbose(boolean verbose) {
        this.verbose = verbose;
    }

    boolean verbose() {
        return verbose;
    }

    /** The configuration file to use, announcing on stderr which one was found when not given. */
    Path configFile() {
        if (configFile == null) {
            configFile = discovery.locate(configPath);
            if (configPath.isEmpty()) {
                err.println("Using config file " + configFile);
                err.flush();
            }
        }
        return configFile;
    }

    public CliEnvironment environment() {
        if (environment == null) {
            environment = factory.open(configFile());
            if (environment == null) {
                throw new IllegalStateException("the environment factory returned null");
            }
        }
        return environment;
    }

    @Override
    public void close() {
        if (environment != null) {
            CliEnvironment open = environment;
            environment = null;
            open.close();
        }
    }
}
