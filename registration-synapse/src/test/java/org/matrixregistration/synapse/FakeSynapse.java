package org.matrixregistration.synapse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted stand-in for Synapse on a loopback port, for the answers a real one rarely gives
 * (429, 5xx, redirects, silence, garbage). Unscripted requests get 404 with {@code M_UNRECOGNIZED};
 * {@code GET /_synapse/admin/v1/register} hands out {@code nonce-1}, {@code nonce-2}, ... unless
 * scripted.
 */
final class FakeSynapse implements AutoCloseable {
    static {
        // Without it, headers and body leave in separate packets and each exchange waits for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A request as it arrived; {@code query} is decoded. */
    record Request(String method, String path, Optional<String> query, Optional<String> authorization, String body) {}

    record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        static Reply error(int status, String errcode, String error) {
            return json(status, "{\"errcode\": \"" + errcode + "\", \"error\": \"" + error + "\"}");
        }

        Reply withHeader(String name, String value) {
            Map<String, String> all = new HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, Map.copyOf(all), body, delay);
        }

        Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    private final String prefix;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger nonces = new AtomicInteger();

    FakeSynapse() throws IOException {
        this("");
    }

    /** Serves below {@code prefix} (e.g. {@code /synapse}), as behind a reverse proxy. */
    FakeSynapse(String prefix) throws IOException {
        this.prefix = prefix;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        on("GET", SharedSecretRegistration.REGISTER,
                request -> Reply.json(200, "{\"nonce\": \"nonce-" + nonces.incrementAndGet() + "\"}"));
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
    }

    FakeSynapse on(String method, String path, Reply reply) {
        return on(method, path, request -> reply);
    }

    FakeSynapse on(String method, String path, Function<Request, Reply> responder) {
        routes.put(method + " " + prefix + path, responder);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(prefix + path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Optional.ofNullable(rawQuery).map(q -> URLDecoder.decode(q, StandardCharsets.UTF_8)),
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            Reply reply = routes.getOrDefault(request.method() + " " + request.path(),
                    r -> Reply.error(404, "M_UNRECOGNIZED", "Unrecognized request")).apply(request);
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
