package org.matrixregistration.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writing a finished response: plain text, JSON, HTML, and the Matrix-style JSON error body. Public
 * so that {@link RouteGroup}s answer in exactly the portal's shapes.
 */
public final class Responses {
    private static final String HTML_TYPE = "text/html; charset=utf-8";
    private static final String JSON_TYPE = "application/json";

    private Responses() {}

    /**
     * The web side's JSON mapper, built with the first JSON answer or body: building the first
     * ObjectMapper of a process initialises most of jackson-databind and the JDK's locale data
     * (tens of milliseconds), which pages, plain text and the start-up need none of. Route groups
     * read their bodies with it too, so that the process has one mapper and one set of its caches.
     */
    public static ObjectMapper json() {
        return Json.MAPPER;
    }

    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public static void text(HttpServerExchange exchange, int status, String body) {
        send(exchange, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public static void json(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = json().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON response", e);
        }
        send(exchange, status, JSON_TYPE, bytes);
    }

    /** {@code {"errcode": ..., "error": ...}}, the shape of every Matrix and old-tool error. */
    public static void error(HttpServerExchange exchange, int status, String errcode, Object error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", errcode);
        body.put("error", error);
        json(exchange, status, body);
    }

    /** 429 with {@code Retry-After} in whole seconds and Matrix's {@code retry_after_ms}. */
    public static void tooManyRequests(HttpServerExchange exchange, Duration wait) {
        retryAfter(exchange, wait);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", "M_LIMIT_EXCEEDED");
        body.put("error", "Too many requests; try again in " + retrySeconds(wait) + " seconds.");
        body.put("retry_after_ms", Math.max(wait.toMillis(), 1));
        json(exchange, 429, body);
    }

    public static void retryAfter(HttpServerExchange exchange, Duration wait) {
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retrySeconds(wait));
    }

    static long retrySeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(seconds, 1);
    }

    public static void html(HttpServerExchange exchange, int status, Language language, byte[] body) {
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_LANGUAGE, language.tag())
                .put(Headers.VARY, "Accept-Language");
        send(exchange, status, HTML_TYPE, body);
    }

    /** A body of any type, such as an image. */
    public static void send(HttpServerExchange exchange, int status, String contentType, byte[] body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, contentType)
                .put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
