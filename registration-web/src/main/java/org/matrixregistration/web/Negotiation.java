package org.matrixregistration.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;
import java.util.Locale;

/**
 * Whether a client gets a page or JSON, and in which language.
 *
 * <p>A client gets HTML only if it names {@code text/html} itself in {@code Accept} (as every
 * browser does for a navigation) and does not rank {@code application/json} higher; wildcards
 * alone ({@code curl}'s {@code *}{@code /*}) and a missing header mean JSON, which is what scripts
 * written against the old tool expect. A JSON request body always means JSON.
 */
final class Negotiation {
    private Negotiation() {}

    static boolean wantsHtml(HttpServerExchange exchange) {
        if (RequestBodies.isJson(exchange)) {
            return false;
        }
        return prefersHtml(exchange.getRequestHeaders().getFirst(Headers.ACCEPT));
    }

    static boolean prefersHtml(String accept) {
        if (accept == null) {
            return false;
        }
        double html = -1;
        double json = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";", -1);
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, quality);
            } else if (type.equals("application/json")) {
                json = Math.max(json, quality);
            }
        }
        return html > 0 && html >= json;
    }

    static Language language(HttpServerExchange exchange, String requested) {
        return Language.choose(requested, exchange.getRequestHeaders().getFirst(Headers.ACCEPT_LANGUAGE));
    }

    static Language language(HttpServerExchange exchange) {
        return language(exchange, query(exchange, "lang"));
    }

    /** The first value of a query parameter, or the empty string. */
    static String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
