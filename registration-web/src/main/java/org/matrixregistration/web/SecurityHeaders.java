package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Headers every response carries. The policy allows scripts, styles, images and fetches from this
 * origin only, with no inline code at all, and no framing; no referrer is ever sent because the
 * invite token is in the page's address; nothing is cached unless a handler says otherwise (only
 * static assets do, and they carry no token).
 */
final class SecurityHeaders implements HttpHandler {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
    private static final HttpString OPENER_POLICY = new HttpString("Cross-Origin-Opener-Policy");

    private final HttpHandler next;

    SecurityHeaders(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(CSP, CONTENT_SECURITY_POLICY)
                .put(REFERRER_POLICY, "no-referrer")
                .put(CONTENT_TYPE_OPTIONS, "nosniff")
                .put(FRAME_OPTIONS, "DENY")
                .put(OPENER_POLICY, "same-origin")
                .put(Headers.CACHE_CONTROL, "no-store");
        next.handleRequest(exchange);
    }
}
