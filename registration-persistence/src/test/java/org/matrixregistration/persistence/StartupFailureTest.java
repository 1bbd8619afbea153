package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be used stops the start-up with one line that names the setting and the
 * file or host: the command line prints it instead of a stack trace.
 */
class StartupFailureTest {
    @TempDir
    Path directory;

    @Test
    void aMissingDirectoryIsNamed() {
        Path file = directory.resolve("missing/db.sqlite3");

        assertThatThrownBy(() -> open("sqlite:///" + file))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessage("Cannot open the SQLite database " + file + " (setting 'db'): the directory "
                        + file.getParent() + " does not exist");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void aParentThatIsAFileIsNamed() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("plain.txt"), "x");

        assertThatThrownBy(() -> open("sqlite:///" + notADirectory.resolve("db.sqlite3")))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageEndingWith("(setting 'db'): its parent " + notADirectory + " is not a directory");
    }

    @Test
    void aPathWhereNoFileCanBeCreatedIsReportedInOneLine() {
        assumeThat(Path.of("/proc/self")).exists();

        assertThatThrownBy(() -> open("sqlite:////proc/db.sqlite3"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("Cannot open the SQLite database /proc/db.sqlite3 (setting 'db'): ")
                .hasMessageContaining("cannot open or create the file")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aFileThatIsNotADatabaseIsNamed() throws IOException {
        Path notes = Files.writeString(directory.resolve("notes.sqlite3"), "these are not the tables you are looking for ".repeat(40));

        assertThatThrownBy(() -> open("sqlite:///" + notes))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessage("Cannot open the SQLite database " + notes + " (setting 'db'): the file is not an SQLite database");
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsNamed() {
        assertThatThrownBy(() -> open("sqlite:///" + directory))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageEndingWith("(setting 'db'): it is a directory, not a file");
    }

    @Test
    void anUnreachablePostgresqlServerIsNamedWithoutThePassword() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> open("postgresql://registration:hunter2@127.0.0.1:" + closedPort + "/tokens"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("Cannot connect to the PostgreSQL database 127.0.0.1:" + closedPort
                        + "/tokens (setting 'db'): ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnknownPostgresqlHostIsNamed() {
        assertThatThrownBy(() -> open("postgresql://registration:hunter2@no-such-host.invalid/tokens"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageStartingWith("Cannot connect to the PostgreSQL database no-such-host.invalid:5432/tokens"
                        + " (setting 'db'): ")
                .hasMessageContaining("no-such-host.invalid")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("\n");
    }

    private TokenDatabase open(String db) {
        return TokenDatabase.open(DatabaseSettings.forDbSetting(db, directory)
                .withConnectionTimeout(Duration.ofSeconds(2)));
    }
}
