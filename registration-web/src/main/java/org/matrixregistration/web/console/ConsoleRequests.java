package org.matrixregistration.web.console;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormEncodedDataDefinition;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading console requests: the posted form (Undertow's parser, UTF-8, at most
 * {@value #MAX_FORM_BYTES} bytes; console forms are small and typed by an admin, so the sign-up
 * form's strict decoding is not needed here) and whether a request comes from another site.
 */
final class ConsoleRequests {
    static final int MAX_FORM_BYTES = 16 * 1024;
    private static final AttachmentKey<Map<String, String>> FORM = AttachmentKey.create(Map.class);
    private static final FormParserFactory PARSERS = FormParserFactory.builder(false)
            .addParsers(new FormEncodedDataDefinition().setDefaultEncoding("UTF-8"))
            .build();

    private ConsoleRequests() {}

    /**
     * The posted fields, first value each; read once per request.
     *
     * @throws IOException when the form is too large or cannot be decoded (Undertow throws an
     *                     {@link IllegalArgumentException} for a broken %-escape; that is the
     *                     client's mistake, a 400, not the portal's)
     */
    static Map<String, String> form(HttpServerExchange exchange) throws IOException {
        Map<String, String> cached = exchange.getAttachment(FORM);
        if (cached != null) {
            return cached;
        }
        Map<String, String> fields = new HashMap<>();
        exchange.setMaxEntitySize(MAX_FORM_BYTES);
        FormDataParser parser = PARSERS.createParser(exchange);
        if (parser != null) {
            FormData data;
            try {
                data = parser.parseBlocking();
            } catch (IllegalArgumentException undecodable) {
                throw new IOException("the form cannot be decoded", undecodable);
            }
            for (String name : data) {
                FormData.FormValue value = data.getFirst(name);
                if (value != null && !value.isFileItem()) {
                    fields.put(name, value.getValue());
                }
            }
        }
        exchange.putAttachment(FORM, Map.copyOf(fields));
        return exchange.getAttachment(FORM);
    }

    static String field(HttpServerExchange exchange, String name) throws IOException {
        return form(exchange).getOrDefault(name, "");
    }

    static String query(HttpServerExchange exchange, String name) {
        var values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    /**
     * Whether the browser says the request comes from another site. {@code Sec-Fetch-Site}, which
     * every current browser sends, decides when present: only same-origin (or none: typed by the
     * admin) passes. Else an {@code Origin} whose host and port are neither the request's
     * {@code Host} nor the configured public address is refused; {@code Origin: null} is what a
     * browser sends for a form on a page with {@code Referrer-Policy: no-referrer} (as these pages
     * have), so it decides nothing. Browsers that send neither are still held off by the
     * {@code SameSite=Strict} cookie and the form token.
     */
    static boolean crossSite(HttpServerExchange exchange, Optional<URI> publicUrl) {
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null || origin.strip().equals("null")) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return true;
        }
        if (uri.getHost() == null) {
            return true;
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return !(sameAuthority(uri, host) || publicUrl.map(url -> url.getHost() != null
                && sameAuthority(uri, url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()))).orElse(false));
    }

    private static boolean sameAuthority(URI origin, String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        URI host;
        try {
            host = new URI("http://" + hostHeader.strip());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (host.getHost() == null || !origin.getHost().equalsIgnoreCase(host.getHost())) {
            return false;
        }
        int originPort = origin.getPort() >= 0 ? origin.getPort() : "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
        // Behind a proxy the Host header often carries no port while the browser used 443 (or 80).
        return host.getPort() < 0 ? originPort == 80 || originPort == 443 : host.getPort() == originPort;
    }
}
