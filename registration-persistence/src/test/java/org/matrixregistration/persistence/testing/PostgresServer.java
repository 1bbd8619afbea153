package org.matrixregistration.persistence.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL server per test JVM, in a container of the locally built image
 * {@value #IMAGE} (built from {@code src/test/docker/postgres} if it is missing, which needs the
 * base image that {@code .ci/lib/base-images.sh} makes). Each test gets a schema of its own, so
 * tests never see each other's tables and the server starts once.
 */
public final class PostgresServer {
    public static final String IMAGE = "matrix-registration/postgres-test:latest";
    public static final String USER = "registration";
    /** Has characters that must be percent-encoded in a URL, to prove that decoding works. */
    public static final String PASSWORD = "s3cret/pa:ss@word";
    public static final String DATABASE = "registration";
    private static final int PORT = 5432;
    private static final Path DOCKERFILE = Path.of("src/test/docker/postgres/Dockerfile");

    private static PostgresServer shared;

    private final GenericContainer<?> container;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresServer(GenericContainer<?> container) {
        this.container = container;
    }

    /** The server for tests, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start("-c", "max_connections=300");
        }
        return shared;
    }

    /**
     * A server of its own, stopped when the JVM exits.
     *
     * @param serverArguments passed to {@code postgres}, such as {@code -c fsync=on}
     */
    public static PostgresServer start(String... serverArguments) {
        GenericContainer<?> container = newContainer()
                .withEnv("POSTGRES_USER", USER)
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withEnv("POSTGRES_DB", DATABASE)
                .withCommand(serverArguments)
                .withExposedPorts(PORT)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 1)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-postgres-test"));
        return new PostgresServer(container);
    }

    private static GenericContainer<?> newContainer() {
        boolean present;
        try {
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
            present = true;
        } catch (RuntimeException notFound) {
            present = false;
        }
        if (present) {
            return new GenericContainer<>(DockerImageName.parse(IMAGE));
        }
        if (!Files.isRegularFile(DOCKERFILE)) {
            throw new IllegalStateException("Image " + IMAGE + " is missing and " + DOCKERFILE.toAbsolutePath()
                    + " is not there to build it; run .ci/lib/docker-engine.sh && .ci/lib/base-images.sh");
        }
        return new GenericContainer<>(new ImageFromDockerfile(IMAGE, false).withDockerfile(DOCKERFILE));
    }

    public String host() {
        return container.getHost();
    }

    public int port() {
        return container.getMappedPort(PORT);
    }

    /**
     * The {@code db} setting for a new, empty schema, in the form users of the Python tool write:
     * {@code postgresql://user:password@host:port/name?currentSchema=...}.
     */
    public String newDbSetting() {
        return dbSetting(newSchema());
    }

    public String dbSetting(String schema) {
        return dbSetting(host(), port(), schema);
    }

    /**
     * As {@link #newDbSetting()}, but addressing the container on its bridge network directly, not
     * through the published port and docker-proxy: what a benchmark should measure.
     */
    public String newDbSettingOnBridge() {
        String address = container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
        return dbSetting(address, PORT, newSchema());
    }

    private static String dbSetting(String host, int port, String schema) {
        return "postgresql://" + USER + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@" + host + ":"
                + port + "/" + DATABASE + "?currentSchema=" + schema;
    }

    /** Creates an empty schema and returns its name. */
    public String newSchema() {
        String schema = "test_" + schemas.incrementAndGet();
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** Runs statements as the server's superuser, in auto-commit mode. */
    public void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + e.getMessage(), e);
        }
    }
}
