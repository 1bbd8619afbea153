package org.matrixregistration.dist.faults;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.matrixregistration.persistence.testing.PostgresServer;
import org.matrixregistration.testkit.SynapseContainer;
import org.testcontainers.DockerClientFactory;

/**
 * What the fault suite runs against, started once: a Synapse and a PostgreSQL of its own (so that
 * they may be paused, killed and restarted), the {@link FaultProxy} in front of Synapse and the
 * {@link TcpProxy} in front of PostgreSQL. Both proxies reach their container on Docker's bridge
 * network; after a restart the container's address is read again and the proxy pointed at it.
 *
 * <p>Whether an account exists is asked of Synapse's admin API at its current bridge address, not
 * through {@link SynapseContainer#userExists}: that helper uses the host port Testcontainers
 * published at start, and Docker publishes a different one after a restart.
 */
final class FaultBench implements AutoCloseable {
    private static final int SYNAPSE_PORT = SynapseContainer.PORT;
    private static final int POSTGRES_PORT = 5432;

    final SynapseContainer synapse;
    final PostgresServer postgres;
    final FaultProxy homeserverProxy;
    final TcpProxy databaseProxy;
    private final DockerClient docker = DockerClientFactory.instance().client();
    private final String postgresContainer;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private volatile String synapseAddress;
    private volatile String postgresAddress;

    private FaultBench(SynapseContainer synapse, PostgresServer postgres) throws IOException {
        this.synapse = synapse;
        this.postgres = postgres;
        this.adminToken = synapse.adminToken();
        this.postgresContainer = containerPublishing(postgres.port());
        this.synapseAddress = bridgeAddress(synapse.getContainerId());
        this.postgresAddress = bridgeAddress(postgresContainer);
        this.homeserverProxy = new FaultProxy(new InetSocketAddress(synapseAddress, SYNAPSE_PORT));
        this.databaseProxy = new TcpProxy(new InetSocketAddress(postgresAddress, POSTGRES_PORT));
    }

    /** Starts Synapse and PostgreSQL side by side, then the proxies. */
    static FaultBench start() throws Exception {
        SynapseContainer synapse = new SynapseContainer();
        CompletableFuture<Void> synapseStarted = CompletableFuture.runAsync(synapse::start);
        PostgresServer postgres = PostgresServer.start();
        synapseStarted.get(5, TimeUnit.MINUTES);
        return new FaultBench(synapse, postgres);
    }

    /** A Synapse admin's access token (made before any restart; it survives them). */
    String adminToken() {
        return adminToken;
    }

    /** The {@code db} setting for a new schema, through the TCP proxy. */
    String newDbSetting() {
        String schema = postgres.newSchema();
        return "postgresql://" + PostgresServer.USER + ":" + URLEncoder.encode(PostgresServer.PASSWORD, StandardCharsets.UTF_8)
                + "@" + databaseProxy.host() + ":" + databaseProxy.port() + "/" + PostgresServer.DATABASE
                + "?currentSchema=" + schema;
    }

    /** Whether Synapse has this account (admin API at its current address); throws if Synapse does not say. */
    boolean accountExists(String userId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + synapseAddress + ":"
                        + SYNAPSE_PORT + "/_synapse/admin/v2/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 404) {
            return false;
        }
        throw new IOException("Synapse answered " + response.statusCode() + " about " + userId + ": " + response.body());
    }

    // ------------------------------------------------------------------ Synapse

    /** {@code docker pause}: every process frozen; the kernel still accepts connections and buffers requests. */
    void pauseSynapse() {
        docker.pauseContainerCmd(synapse.getContainerId()).exec();
    }

    void unpauseSynapse() {
        docker.unpauseContainerCmd(synapse.getContainerId()).exec();
    }

    /** {@code docker kill} (SIGKILL). */
    void killSynapse() {
        docker.killContainerCmd(synapse.getContainerId()).exec();
    }

    /** {@code docker start} after a kill; waits until {@code /health} says OK and points the proxy at the new address. */
    void startSynapseAgain(Duration timeout) throws IOException, InterruptedException {
        docker.startContainerCmd(synapse.getContainerId()).exec();
        synapseAddress = bridgeAddress(synapse.getContainerId());
        URI health = URI.create("http://" + synapseAddress + ":" + SYNAPSE_PORT + "/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().strip().equals("OK")) {
                    break;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Synapse did not answer /health within " + timeout + " of its restart");
            }
            Thread.sleep(200);
        }
        homeserverProxy.upstream(new InetSocketAddress(synapseAddress, SYNAPSE_PORT));
    }

    // ------------------------------------------------------------------ PostgreSQL

    /**
     * {@code docker stop} (SIGINT: PostgreSQL's fast shutdown ends every backend) and {@code docker
     * start}; waits until it accepts connections and points the TCP proxy at its address.
     */
    void restartPostgres(Duration timeout) throws InterruptedException {
        docker.stopContainerCmd(postgresContainer).withTimeout(10).exec();
        docker.startContainerCmd(postgresContainer).exec();
        postgresAddress = bridgeAddress(postgresContainer);
        String url = "jdbc:postgresql://" + postgresAddress + ":" + POSTGRES_PORT + "/" + PostgresServer.DATABASE
                + "?connectTimeout=2&loginTimeout=5&socketTimeout=5";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD)) {
                if (connection.isValid(2)) {
                    break;
                }
            } catch (SQLException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("PostgreSQL did not accept connections within " + timeout + " of its restart");
            }
            Thread.sleep(100);
        }
        databaseProxy.upstream(new InetSocketAddress(postgresAddress, POSTGRES_PORT));
    }

    @Override
    public void close() throws IOException {
        homeserverProxy.close();
        databaseProxy.close();
        synapse.stop();
        // PostgresServer stops its container when the JVM exits.
    }

    private String bridgeAddress(String containerId) {
        return docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks().values().stream()
                .map(ContainerNetwork::getIpAddress)
                .filter(Objects::nonNull)
                .filter(address -> !address.isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("container " + containerId + " has no bridge address"));
    }

    /** PostgresServer does not expose its container: find it by the host port it publishes. */
    private String containerPublishing(int hostPort) {
        return docker.listContainersCmd().exec().stream()
                .filter(container -> container.getPorts() != null && Arrays.stream(container.getPorts())
                        .anyMatch(port -> Objects.equals(port.getPublicPort(), hostPort)))
                .map(Container::getId)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no container publishes PostgreSQL's port " + hostPort));
    }
}
