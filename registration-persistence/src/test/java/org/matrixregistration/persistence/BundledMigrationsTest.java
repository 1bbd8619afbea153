package org.matrixregistration.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void findsTheNewestVersionAmongTheFilesFlywayRuns() throws IOException {
        int newest;
        try (var listed = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = listed.mapToInt(file -> BundledMigrations.version(file.getFileName().toString())).max().orElseThrow();
        }

        assertThat(BundledMigrations.latestVersion(getClass().getClassLoader(), "db/migration"))
                .contains(Integer.toString(newest));
    }

    /** Maven's jars, the shipped one included, list directories as entries of their own. */
    @Test
    void readsTheNamesInAJarAsInTheShippedOne() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"db/", "db/migration/", "db/other/", "db/migration/V1__a.sql", "db/migration/V12__b.sql", "db/migration/V3__c.sql",
                    "db/migration/README", "db/other/V99__x.sql", "db/migration/R__repeatable.sql"}) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("select 1;".getBytes());
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(BundledMigrations.latestVersion(loader, "db/migration")).contains("12");
            assertThat(BundledMigrations.latestVersion(loader, "db/nowhere")).isEmpty();
        }
    }

    @Test
    void cannotTellFromAJarWithoutDirectoryEntriesAndSaysNothing() throws IOException {
        Path jar = dir.resolve("bare.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("db/migration/V1__a.sql"));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(BundledMigrations.latestVersion(loader, "db/migration")).as("Flyway decides then").isEmpty();
        }
    }

    @Test
    void readsOnlyVersionedFileNames() {
        assertThat(BundledMigrations.version("V4__approval.sql")).isEqualTo(4);
        assertThat(BundledMigrations.version("V10__x_y.sql")).isEqualTo(10);
        assertThat(BundledMigrations.version("R__view.sql")).isEqualTo(-1);
        assertThat(BundledMigrations.version("V4_approval.sql")).isEqualTo(-1);
        assertThat(BundledMigrations.version("notes.txt")).isEqualTo(-1);
    }

}
