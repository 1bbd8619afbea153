package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per finished request on the logger {@code org.matrixregistration.web.access}: client
 * address, method, target, status, bytes sent and milliseconds.
 *
 * <p>Invite tokens are secrets that travel in addresses, so the target is redacted before it is
 * written: every query value except {@code lang} and {@code v} becomes {@code <redacted>}, and so
 * does a token name in an admin path ({@code /api/token/<name>}). Bodies, and so passwords, are
 * never logged.
 */
final class AccessLog implements HttpHandler {
    static final String LOGGER = "org.matrixregistration.web.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Set<String> HARMLESS = Set.of("lang", "v");
    private static final Pattern TOKEN_PATH = Pattern.compile("(/api/token/)[^/?]+");

    private final HttpHandler next;
    private final ClientAddresses clients;

    AccessLog(HttpHandler next, ClientAddresses clients) {
        this.next = next;
        this.clients = clients;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (LOG.isInfoEnabled()) {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                try {
                    LOG.info("{} \"{} {}\" {} {} {}ms", clients.of(done).getHostAddress(), done.getRequestMethod(),
                            redactedTarget(done.getRequestPath(), done.getQueryString()), done.getStatusCode(),
                            done.getResponseBytesSent(), (System.nanoTime() - start) / 1_000_000);
                } finally {
                    nextListener.proceed();
                }
            });
        }
        next.handleRequest(exchange);
    }

    static String redactedPath(String path) {
        return path.contains("/api/token/") ? TOKEN_PATH.matcher(path).replaceAll("$1<redacted>") : path;
    }

    static String redactedTarget(String path, String query) {
        String target = redactedPath(path);
        if (query == null || query.isEmpty()) {
            return target;
        }
        StringBuilder redacted = new StringBuilder(target).append('?');
        String[] pairs = query.split("&", 32);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                redacted.append('&');
            }
            int equals = pairs[i].indexOf('=');
            String name = equals < 0 ? "" : pairs[i].substring(0, equals);
            if (HARMLESS.contains(name) && i < 31) {
                redacted.append(pairs[i]);
            } else {
                redacted.append(name.isEmpty() || name.length() > 32 ? "" : name + "=").append("<redacted>");
            }
        }
        return redacted.toString();
    }
}
