package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The homeserver client over TLS: the JDK's default context decides (its trust store, host-name
 * checks), and a plain-HTTP homeserver never sets TLS up. Each test sets the JVM's default context
 * ({@link SSLContext#setDefault}) and puts the original back at the end.
 */
class SynapseHttpTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String VERSIONS = "/_matrix/client/versions";

    @TempDir
    static Path keys;
    private static SSLContext original;
    private static KeyStore loopbackCertificate;
    private static KeyStore otherNameCertificate;

    @BeforeAll
    static void makeCertificates() throws Exception {
        original = SSLContext.getDefault();
        loopbackCertificate = selfSigned("loopback", "ip:127.0.0.1");
        otherNameCertificate = selfSigned("other", "dns:synapse.example.org");
    }

    @AfterAll
    static void restoreDefaultContext() {
        SSLContext.setDefault(original);
    }

    @Test
    void reachesAnHttpsHomeserverThatTheDefaultContextTrusts() throws Exception {
        SSLContext.setDefault(trusting(loopbackCertificate));
        try (Server server = Server.https(loopbackCertificate)) {
            SynapseHttp.Answer answer = client(server).get(VERSIONS);

            assertThat(answer).isInstanceOfSatisfying(SynapseHttp.Response.class, response -> {
                assertThat(response.status()).isEqualTo(200);
                assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("v1.11");
            });
        }
    }

    @Test
    void refusesACertificateThatTheDefaultContextDoesNotTrust() throws Exception {
        SSLContext.setDefault(trusting(otherNameCertificate));
        try (Server server = Server.https(loopbackCertificate)) {
            SynapseHttp.Answer answer = client(server).get(VERSIONS);

            assertThat(answer).isInstanceOfSatisfying(SynapseHttp.Failure.class, failure -> {
                assertThat(failure.detail()).contains("TLS handshake failed");
                assertThat(failure.maybeDelivered()).isFalse();
            });
            assertThat(server.requests.get()).isZero();
        }
    }

    @Test
    void checksTheHostNameAgainstTheCertificate() throws Exception {
        SSLContext.setDefault(trusting(otherNameCertificate));
        try (Server server = Server.https(otherNameCertificate)) {
            SynapseHttp.Answer answer = client(server).get(VERSIONS);

            assertThat(answer).isInstanceOfSatisfying(SynapseHttp.Failure.class,
                    failure -> assertThat(failure.detail()).contains("TLS handshake failed"));
            assertThat(server.requests.get()).isZero();
        }
    }

    @Test
    void aPlainHttpHomeserverNeverSetsUpTls() throws Exception {
        AtomicInteger uses = new AtomicInteger();
        SSLContext.setDefault(new CountingContext(uses));
        try (Server server = Server.http()) {
            SynapseHttp.Answer answer = client(server).get(VERSIONS);

            assertThat(answer).isInstanceOfSatisfying(SynapseHttp.Response.class,
                    response -> assertThat(response.status()).isEqualTo(200));
            assertThat(uses.get()).as("calls on the default TLS context").isZero();
        }
    }

    private static SynapseHttp client(Server server) {
        return new SynapseHttp(SynapseSettings.of(server.url(), "example.org", "s3cret")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    /** A key pair and a self-signed certificate for {@code san} (keytool's syntax), made by the JDK's keytool. */
    private static KeyStore selfSigned(String name, String san) throws Exception {
        Path file = keys.resolve(name + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool: %s", output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SSLContext trusting(KeyStore certificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(certificate);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    /** A loopback server answering {@code GET /_matrix/client/versions} as Synapse does, and counting requests. */
    private static final class Server implements AutoCloseable {
        final HttpServer server;
        final String scheme;
        final AtomicInteger requests = new AtomicInteger();

        private Server(HttpServer server, String scheme) {
            this.server = server;
            this.scheme = scheme;
            server.createContext(VERSIONS, exchange -> {
                requests.incrementAndGet();
                byte[] body = "{\"versions\": [\"v1.11\"]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        static Server http() throws IOException {
            return new Server(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
        }

        static Server https(KeyStore identity) throws Exception {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            return new Server(server, "https");
        }

        String url() {
            return scheme + "://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A default context that only counts what is asked of it (and then fails). */
    private static final class CountingContext extends SSLContext {
        CountingContext(AtomicInteger uses) {
            super(new SSLContextSpi() {
                private <T> T used() {
                    uses.incrementAndGet();
                    throw new IllegalStateException("TLS set up for a plain-HTTP homeserver");
                }

                @Override
                protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
                    used();
                }

                @Override
                protected SSLSocketFactory engineGetSocketFactory() {
                    return used();
                }

                @Override
                protected SSLServerSocketFactory engineGetServerSocketFactory() {
                    return used();
                }

                @Override
                protected SSLEngine engineCreateSSLEngine() {
                    return used();
                }

                @Override
                protected SSLEngine engineCreateSSLEngine(String host, int port) {
                    return used();
                }

                @Override
                protected SSLSessionContext engineGetServerSessionContext() {
                    return used();
                }

                @Override
                protected SSLSessionContext engineGetClientSessionContext() {
                    return used();
                }

                @Override
                protected javax.net.ssl.SSLParameters engineGetDefaultSSLParameters() {
                    return used();
                }

                @Override
                protected javax.net.ssl.SSLParameters engineGetSupportedSSLParameters() {
                    return used();
                }
            }, null, "Default");
        }
    }
}
