package org.matrixregistration.synapse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP exchange with Synapse, bounded by the request timeout, never following redirects, and
 * turning every transport failure into a value that says whether the request may have arrived.
 */
final class SynapseHttp {
    private static final String USER_AGENT = "matrix-registration";

    private final SynapseSettings settings;
    /**
     * Built on first use: building an HttpClient sets up TLS (about a second of the portal's start-up
     * on 2 cores), which a process that never calls the homeserver, or calls it only after it
     * serves its first page, should not wait for.
     */
    private volatile HttpClient client;

    SynapseHttp(SynapseSettings settings) {
        this.settings = settings;
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .connectTimeout(settings.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    /** What came back: a response, or a failure that is safe to log. */
    sealed interface Answer permits Response, Failure {}

    /** @param date the {@code Date} header: the server's clock, to the second */
    record Response(int status, Optional<String> location, Optional<String> retryAfter, byte[] body, Optional<String> date)
            implements Answer {
        boolean redirected() {
            return status >= 300 && status < 400;
        }
    }

    /** {@code maybeDelivered}: Synapse may have received and acted on the request. */
    record Failure(String detail, boolean maybeDelivered) implements Answer {}

    Answer get(String path) {
        return send(request(path).GET().build());
    }

    Answer get(String path, String bearerToken) {
        return send(request(path).header("Authorization", "Bearer " + bearerToken).GET().build());
    }

    Answer post(String path, byte[] json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    Answer post(String path, byte[] json, String bearerToken) {
        return send(request(path).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    Answer put(String path, byte[] json, String bearerToken) {
        return send(request(path).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearerToken)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    Answer delete(String path, String bearerToken) {
        return send(request(path).header("Authorization", "Bearer " + bearerToken).DELETE().build());
    }

    static String query(String name, String value) {
        return "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    URI uri(String path) {
        return settings.endpoint(path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
    }

    private Answer send(HttpRequest request) {
        String target = request.method() + " " + request.uri();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = exchange.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(),
                    response.headers().firstValue("Location"),
                    response.headers().firstValue("Retry-After"),
                    response.body(),
                    response.headers().firstValue("Date"));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Failure(target + ": no answer within " + settings.requestTimeout().toMillis() + " ms", true);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Failure(target + ": interrupted", true);
        } catch (ExecutionException e) {
            return failure(target, e.getCause() == null ? e : e.getCause());
        }
    }

    private Failure failure(String target, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new Failure(target + ": could not connect within " + settings.connectTimeout().toMillis() + " ms", false);
            }
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException) {
                return new Failure(target + ": could not connect (" + describe(t) + ")", false);
            }
            if (t instanceof SSLHandshakeException) {
                return new Failure(target + ": TLS handshake failed (" + describe(t) + ")", false);
            }
        }
        if (cause instanceof HttpTimeoutException) {
            return new Failure(target + ": no answer within " + settings.requestTimeout().toMillis() + " ms", true);
        }
        if (cause instanceof IOException) {
            return new Failure(target + ": connection failed (" + describe(cause) + ")", true);
        }
        if (cause instanceof RuntimeException bug) {
            throw bug;
        }
        throw new IllegalStateException(target + " failed", cause);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
