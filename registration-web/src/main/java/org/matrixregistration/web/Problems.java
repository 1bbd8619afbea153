package org.matrixregistration.web;

import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Map;

/**
 * Answers a request that went wrong before the form could be handled, in the form the client
 * wants: a translated page for a browser, Matrix-style JSON for everyone else.
 */
final class Problems {
    private final Pages pages;

    Problems(Pages pages) {
        this.pages = pages;
    }

    void send(HttpServerExchange exchange, int status, String errcode, String message, String textKey) {
        if (Negotiation.wantsHtml(exchange)) {
            Language language = Negotiation.language(exchange);
            Responses.html(exchange, status, language, pages.message(language, pages.fill(Texts.of(language), textKey)));
        } else {
            Responses.error(exchange, status, errcode, message);
        }
    }

    void tooManyRequests(HttpServerExchange exchange, Duration wait) {
        if (Negotiation.wantsHtml(exchange)) {
            Language language = Negotiation.language(exchange);
            Responses.retryAfter(exchange, wait);
            Responses.html(exchange, 429, language, pages.message(language, rateLimited(language, wait)));
        } else {
            Responses.tooManyRequests(exchange, wait);
        }
    }

    String rateLimited(Language language, Duration wait) {
        long minutes = Math.max(1, (Responses.retrySeconds(wait) + 59) / 60);
        return Texts.of(language).format("error.rate_limited", Map.of("minutes", Long.toString(minutes)));
    }

    void notFound(HttpServerExchange exchange) {
        send(exchange, 404, "M_NOT_FOUND", "Not found.", "error.not_found");
    }
}
