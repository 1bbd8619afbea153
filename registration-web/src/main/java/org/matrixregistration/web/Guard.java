package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The last line of defence: an exception from a handler is logged with its stack trace and the
 * client gets a plain 500 in JSON, never the trace. Wraps the root and every handler that runs on a
 * worker thread, since exceptions there do not travel back through the root.
 */
final class Guard implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    private final HttpHandler next;

    Guard(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Exception | LinkageError e) {
            LOG.error("Failed to serve {} {}", exchange.getRequestMethod(),
                    AccessLog.redactedPath(exchange.getRequestPath()), e);
            if (exchange.isResponseStarted()) {
                IoUtils.safeClose(exchange.getConnection());
            } else {
                Responses.error(exchange, 500, "MR_INTERNAL_ERROR", "Something went wrong on our side; try again later.");
            }
        }
    }
}
