package org.matrixregistration.web.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.util.Deque;
import java.util.Optional;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.Routes;

/**
 * An authenticated admin call on a worker thread: an {@link ApiError} thrown while serving becomes
 * the old tool's error body; anything else is a bug for the portal's guard.
 */
abstract class AdminCall implements HttpHandler {
    private static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public final void handleRequest(HttpServerExchange exchange) throws Exception {
        try {
            serve(exchange);
        } catch (ApiError e) {
            Responses.error(exchange, e.status, e.errcode, e.getMessage());
        }
    }

    abstract void serve(HttpServerExchange exchange) throws ApiError;

    /** The {@code {name}} of the path; a name no token can have is simply not found. */
    static TokenName tokenName(HttpServerExchange exchange) throws ApiError {
        String name = Routes.pathParameter(exchange, "name").orElse("");
        if (!TokenName.isValid(name)) {
            throw ApiError.tokenNotFound();
        }
        return new TokenName(name);
    }

    static Optional<String> query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * The body as a JSON object, whatever the {@code Content-Type} (curl one-liners often omit it,
     * and the old tool forced JSON too); an empty body is an empty object.
     */
    static JsonNode objectBody(HttpServerExchange exchange) throws ApiError {
        byte[] body;
        try {
            body = exchange.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        } catch (RequestTooBigException e) {
            throw new ApiError(413, "M_TOO_LARGE", "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        } catch (IOException e) {
            throw ApiError.badRequest("The request body could not be read.");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "M_TOO_LARGE", "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        }
        if (body.length == 0) {
            return Responses.json().createObjectNode();
        }
        JsonNode root;
        try {
            root = Responses.json().readTree(body);
        } catch (JacksonException e) {
            throw ApiError.badRequest("The request body is not valid JSON.");
        } catch (IOException e) {
            throw ApiError.badRequest("The request body could not be read.");
        }
        if (root == null || root.isMissingNode()) {
            return Responses.json().createObjectNode();
        }
        if (!root.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.");
        }
        return root;
    }
}
