package org.matrixregistration.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.QValueParser;
import java.util.Deque;
import java.util.List;
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
        // Undertow's parser groups the media ranges by weight, highest first; HTML wins a tie.
        for (List<QValueParser.QValueResult> group : QValueParser.parse(List.of(accept))) {
            if (group.isEmpty() || group.get(0).isQValueZero()) {
                break;
            }
            boolean json = false;
            for (QValueParser.QValueResult range : group) {
                String type = range.getValue().strip().toLowerCase(Locale.ROOT);
                if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                    return true;
                }
                json |= type.equals("application/json");
            }
            if (json) {
                return false;
            }
        }
        return false;
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
}
