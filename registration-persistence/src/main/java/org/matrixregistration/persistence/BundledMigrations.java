package org.matrixregistration.persistence;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The newest migration version on the class path, read from the names of the {@code V<n>__*.sql}
 * files (in a jar, or a directory when run from classes), without loading Flyway. Empty when the
 * location cannot be listed this way (an unusual class loader): the caller then lets Flyway decide.
 */
final class BundledMigrations {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__[^/]*\\.sql");

    private BundledMigrations() {}

    static Optional<String> latestVersion(ClassLoader loader, String location) {
        URL url = loader.getResource(location);
        if (url == null) {
            return Optional.empty();
        }
        try {
            OptionalInt latest = switch (url.getProtocol()) {
                case "jar" -> inJar(url, location);
                case "file" -> inDirectory(Path.of(url.toURI()));
                default -> OptionalInt.empty();
            };
            return latest.isPresent() ? Optional.of(Integer.toString(latest.getAsInt())) : Optional.empty();
        } catch (IOException | URISyntaxException | RuntimeException cannotList) {
            return Optional.empty();
        }
    }

    private static OptionalInt inJar(URL url, String location) throws IOException {
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            return OptionalInt.empty();
        }
        // The class loader's own open JarFile (URL caches are on by default): nothing is read again.
        JarFile jar = jarConnection.getJarFile();
        String prefix = location.endsWith("/") ? location : location + "/";
        int latest = -1;
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (name.startsWith(prefix)) {
                latest = Math.max(latest, version(name.substring(prefix.length())));
            }
        }
        return latest < 0 ? OptionalInt.empty() : OptionalInt.of(latest);
    }

    private static OptionalInt inDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToInt(file -> version(file.getFileName().toString())).filter(v -> v >= 0).max();
        }
    }

    /** The version of a file name such as {@code V4__approval.sql}, or -1 for any other name. */
    static int version(String fileName) {
        Matcher m = VERSIONED.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
