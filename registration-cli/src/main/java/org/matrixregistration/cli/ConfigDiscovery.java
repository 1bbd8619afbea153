package org.matrixregistration.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the configuration file when {@code --config-path} is not given: {@code ./config.yaml}
 * (where the Python tool looked, and {@code /data} is the image's working directory), then
 * {@code ./config/config.yaml}, {@code /data/config.yaml} and
 * {@code $XDG_CONFIG_HOME/matrix-registration/config.yaml} ({@code ~/.config} when unset).
 */
final class ConfigDiscovery {
    private final Path workingDirectory;
    private final Path dataDirectory;
    private final Map<String, String> environment;

    /** @param dataDirectory the container image's volume, {@code /data} */
    ConfigDiscovery(Path workingDirectory, Path dataDirectory, Map<String, String> environment) {
        this.workingDirectory = workingDirectory;
        this.dataDirectory = dataDirectory;
        this.environment = Map.copyOf(environment);
    }

    static ConfigDiscovery ofThisProcess() {
        return new ConfigDiscovery(Path.of("").toAbsolutePath(), Path.of("/data"), System.getenv());
    }

    /** The places looked at, in order. */
    List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(workingDirectory.resolve("config.yaml"));
        candidates.add(workingDirectory.resolve("config").resolve("config.yaml"));
        candidates.add(dataDirectory.resolve("config.yaml"));
        configHome().ifPresent(home -> candidates.add(home.resolve("matrix-registration").resolve("config.yaml")));
        return candidates.stream().map(Path::normalize).distinct().toList();
    }

    /** The configuration file to use; fails with the places tried when there is none. */
    Path locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            Path given = workingDirectory.resolve(explicit.get()).normalize();
            if (!Files.exists(given)) {
                throw new CliFailure("config file " + given + " does not exist (from --config-path)");
            }
            if (!Files.isRegularFile(given)) {
                throw new CliFailure("config file " + given + " is not a regular file (from --config-path)");
            }
            return given;
        }
        List<Path> candidates = candidates();
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new CliFailure(
                "no config file found; looked for " + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))
                        + "; pass --config-path FILE"));
    }

    private Optional<Path> configHome() {
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Optional.of(Path.of(xdg));
        }
        String home = environment.get("HOME");
        if (home != null && !home.isBlank()) {
            return Optional.of(Path.of(home, ".config"));
        }
        return Optional.empty();
    }
}
