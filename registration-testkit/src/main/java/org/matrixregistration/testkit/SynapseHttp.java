package org.matrixregistration.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@link SynapseContainer}'s client of Synapse's JSON APIs. A refusal becomes an
 * {@link IllegalStateException} naming the call, the status and the Matrix error, never a token
 * or a body.
 */
final class SynapseHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Read at each call: the mapped port is known only once the container runs. */
    private final Supplier<String> baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    SynapseHttp(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The answer's JSON; anything but 200 throws. */
    JsonNode call(String method, String path, String accessToken, JsonNode body) {
        HttpResponse<String> response = send(method, path, accessToken, body);
        check(response, method, path);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered unreadable JSON", e);
        }
    }

    /** The answer whatever its status; only a failed exchange throws. */
    HttpResponse<String> send(String method, String path, String accessToken, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    static void check(HttpResponse<String> response, String method, String path) {
        if (response.statusCode() == 200) {
            return;
        }
        String error;
        try {
            JsonNode json = JSON.readTree(response.body());
            error = json.path("errcode").asText("") + " " + json.path("error").asText("");
        } catch (IOException e) {
            error = "(no Matrix error)";
        }
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + error.strip());
    }

    /** The answer's JSON object, or an empty one when it had none. */
    static JsonNode readTree(HttpResponse<String> response) {
        try {
            JsonNode tree = JSON.readTree(response.body());
            return tree == null ? JSON.createObjectNode() : tree;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
