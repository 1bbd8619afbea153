package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDiscoveryTest {
    @TempDir
    Path root;

    @Test
    void looksInTheWorkingDirectoryThenItsConfigFolderThenDataThenTheXdgConfigHome() throws IOException {
        Path work = Files.createDirectories(root.resolve("work"));
        Path data = Files.createDirectories(root.resolve("data"));
        Path xdg = Files.createDirectories(root.resolve("xdg"));
        ConfigDiscovery discovery = new ConfigDiscovery(work, data, Map.of("XDG_CONFIG_HOME", xdg.toString(), "HOME", "/home/x"));
        Path inWork = write(work.resolve("config.yaml"));
        Path inConfigFolder = write(work.resolve("config/config.yaml"));
        Path inData = write(data.resolve("config.yaml"));
        Path inXdg = write(xdg.resolve("matrix-registration/config.yaml"));

        assertThat(discovery.locate(Optional.empty())).isEqualTo(inWork);
        Files.delete(inWork);
        assertThat(discovery.locate(Optional.empty())).isEqualTo(inConfigFolder);
        Files.delete(inConfigFolder);
        assertThat(discovery.locate(Optional.empty())).isEqualTo(inData);
        Files.delete(inData);
        assertThat(discovery.locate(Optional.empty())).isEqualTo(inXdg);
    }

    @Test
    void fallsBackToTheHomeConfigFolderWithoutAnAbsoluteXdgConfigHome() {
        ConfigDiscovery relativeXdg = new ConfigDiscovery(root, root.resolve("data"),
                Map.of("XDG_CONFIG_HOME", "relative/path", "HOME", "/home/admin"));
        ConfigDiscovery noHome = new ConfigDiscovery(root, root.resolve("data"), Map.of());

        assertThat(relativeXdg.candidates()).last().isEqualTo(Path.of("/home/admin/.config/matrix-registration/config.yaml"));
        assertThat(noHome.candidates()).hasSize(3);
    }

    @Test
    void resolvesAnExplicitRelativePathAgainstTheWorkingDirectory() throws IOException {
        Path file = write(root.resolve("etc/portal.yaml"));
        ConfigDiscovery discovery = new ConfigDiscovery(root, root.resolve("data"), Map.of());

        assertThat(discovery.locate(Optional.of(Path.of("etc/portal.yaml")))).isEqualTo(file);
    }

    @Test
    void refusesADirectoryAsConfigFile() {
        ConfigDiscovery discovery = new ConfigDiscovery(root, root.resolve("data"), Map.of());

        assertThatThrownBy(() -> discovery.locate(Optional.of(root)))
                .isInstanceOf(CliFailure.class).hasMessage("config file " + root + " is not a regular file (from --config-path)");
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "port: 5000\n");
    }
}
