package org.matrixregistration.synapse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP exchange with Synapse, bounded by the request timeout and, in size, by
 * {@link #MAX_ANSWER_BYTES}, never following redirects, and turning every transport failure into a
 * value that says whether the request may have arrived.
 */
final class SynapseHttp {
    private static final String USER_AGENT = "matrix-registration";
    private static final int IDLE_THREAD_SECONDS = 5;
    /**
     * The largest answer read: Synapse's answers to us are a few hundred bytes; a larger one
     * (a misbehaving server, a proxy's error page gone wrong) must not fill the portal's memory.
     */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    private final SynapseSettings settings;
    /**
     * Built on first use, and TLS set up on the first TLS connection ({@link DeferredDefaultTls}):
     * a process that never calls the homeserver, or calls it only after it serves its first page,
     * should not wait for either.
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
                            .executor(executor())
                            .connectTimeout(settings.connectTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .version(HttpClient.Version.HTTP_1_1)
                            .sslContext(new DeferredDefaultTls())
                            .sslParameters(DeferredDefaultTls.parameters())
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    /**
     * The JDK's default executor for an HttpClient keeps each thread 60 s after its last use; a
     * portal calls the homeserver now and then, so its threads end after a few idle seconds. As
     * that default, it grows without bound: the client must never be refused a thread.
     */
    private static ExecutorService executor() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "homeserver-http-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
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
                client().sendAsync(request, info -> new BoundedBody(MAX_ANSWER_BYTES,
                        info.headers().firstValueAsLong("Content-Length").orElse(-1)));
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
            if (t instanceof AnswerTooLarge) {
                // The request arrived and was answered: what it did is unknown.
                return new Failure(target + ": the answer is larger than " + MAX_ANSWER_BYTES + " bytes", true);
            }
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

    /** An answer larger than {@link #MAX_ANSWER_BYTES}. */
    static final class AnswerTooLarge extends IOException {
        AnswerTooLarge() {
            super("the answer is larger than " + MAX_ANSWER_BYTES + " bytes", null);
        }
    }

    /** Collects an answer's bytes, giving up (and closing the stream) past {@code max}. */
    static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedBody(int max, long declaredLength) {
            this.max = max;
            if (declaredLength > max) {
                body.completeExceptionally(new AnswerTooLarge());
            }
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (body.isDone()) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (collected.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new AnswerTooLarge());
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                collected.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(collected.toByteArray());
        }
    }
}
