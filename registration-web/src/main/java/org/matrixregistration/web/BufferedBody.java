package org.matrixregistration.web;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request's whole body on the I/O thread, without blocking, before the request may take a
 * worker thread; then hands the request on with its body buffered, so that the handlers downstream
 * read it as usual ({@code getInputStream}, Undertow's form parsers) without ever waiting on the
 * client.
 *
 * <p>Why: a blocking read on a worker waits as long as the client likes (the idle timeout only
 * bounds each pause), so a few dozen connections that send a body one byte at a time used to hold
 * every worker, and sign-ups, the admin API and readiness stopped. Here a slow sender holds its
 * connection and a buffer of at most {@code maxBytes}, nothing else.
 *
 * <p>The body must arrive whole within {@code deadline} of this handler's start, else 408 and the
 * connection is closed; a body larger than {@code maxBytes} (declared or sent) gets 413 and the
 * connection is closed too, and so does a {@code Transfer-Encoding} that is not chunked (400),
 * whose end could not be known. {@code Expect: 100-continue} is answered before reading. A request
 * without a body passes straight through.
 */
final class BufferedBody implements HttpHandler {
    private static final int CHUNK = 4096;

    private final long maxBytes;
    private final Duration deadline;
    private final HttpHandler next;

    BufferedBody(long maxBytes, Duration deadline, HttpHandler next) {
        this.maxBytes = maxBytes;
        this.deadline = deadline;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isRequestComplete() || exchange.getRequestContentLength() == 0) {
            next.handleRequest(exchange);
            return;
        }
        String coding = exchange.getRequestHeaders().getLast(Headers.TRANSFER_ENCODING);
        if (coding != null && !coding.strip().toLowerCase(Locale.ROOT).endsWith("chunked")) {
            // RFC 9112 6.3: without chunked last, the body's end cannot be known; waiting for the
            // client to close would hold the connection until the deadline for nothing.
            refuse(exchange, 400, "MR_BAD_REQUEST", "Transfer-Encoding " + coding + " is not accepted; send the body"
                    + " with Content-Length or chunked.");
            return;
        }
        if (exchange.getRequestContentLength() > maxBytes) {
            refuse(exchange, 413, "M_TOO_LARGE", "The request body has " + exchange.getRequestContentLength()
                    + " bytes; at most " + maxBytes + " are accepted.");
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange)) {
            // The interim 100 is a few bytes written at once; a worker sends it (the I/O thread must
            // not block), then reading goes on without blocking like any other.
            if (exchange.isInIoThread()) {
                exchange.dispatch(this);
                return;
            }
            HttpContinue.sendContinueResponseBlocking(exchange);
        }
        Reading reading = new Reading(exchange);
        if (reading.start()) {
            next.handleRequest(exchange);
        }
    }

    /** Answers with an error and closes the connection: the rest of the body is never read. */
    private static void refuse(HttpServerExchange exchange, int status, String errcode, String message) {
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        Responses.error(exchange, status, errcode, message);
    }

    /**
     * One body being read: first by the handler's thread, then by the connection's I/O thread when
     * more arrives, and the deadline's task; they take turns under this object's lock.
     */
    private final class Reading implements ChannelListener<StreamSourceChannel>, Runnable {
        private final HttpServerExchange exchange;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        private StreamSourceChannel channel;
        private XnioExecutor.Key timer;
        private boolean finished;
        private boolean complete;

        Reading(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        /**
         * Reads what has arrived and, unless that was all, goes on in the background; whether the
         * body is complete now, for the caller to hand the request on.
         */
        synchronized boolean start() {
            channel = exchange.getRequestChannel();
            if (channel == null) {
                // The body was taken already; nothing to buffer.
                return true;
            }
            if (readAvailable(true)) {
                return finished && complete;
            }
            timer = exchange.getIoThread().executeAfter(this, deadline.toMillis(), TimeUnit.MILLISECONDS);
            channel.getReadSetter().set(this);
            channel.resumeReads();
            return false;
        }

        @Override
        public synchronized void handleEvent(StreamSourceChannel ignored) {
            if (!finished) {
                readAvailable(false);
            }
        }

        /** The deadline passed. */
        @Override
        public synchronized void run() {
            if (finished) {
                return;
            }
            finished = true;
            stopReading();
            Connectors.executeRootHandler(ex -> refuse(ex, 408, "MR_REQUEST_TIMEOUT",
                    "The request body did not arrive within " + deadline.toSeconds() + " s."), exchange);
        }

        /** Reads what has arrived; whether the body is done with (complete, refused or failed). */
        private boolean readAvailable(boolean inHandler) {
            try {
                while (true) {
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read == 0) {
                        return false;
                    }
                    if (read < 0) {
                        finish(inHandler);
                        return true;
                    }
                    if (body.size() + read > maxBytes) {
                        fail(inHandler, 413, "M_TOO_LARGE", "The request body is larger than " + maxBytes + " bytes.");
                        return true;
                    }
                    body.write(buffer.array(), 0, read);
                }
            } catch (IOException e) {
                // The client went away or broke the framing (RequestTooBigException is an
                // IOException too, but the declared length was checked before reading).
                abandon();
                return true;
            }
        }

        /** The body is all here: put it back in front of the request channel and hand the request on. */
        private void finish(boolean inHandler) {
            finished = true;
            complete = true;
            cancelTimer();
            stopReading();
            if (body.size() > 0) {
                Connectors.ungetRequestBytes(exchange, new ImmediatePooledByteBuffer(ByteBuffer.wrap(body.toByteArray())));
            }
            Connectors.resetRequestChannel(exchange);
            if (!inHandler) {
                Connectors.executeRootHandler(next, exchange);
            }
        }

        private void fail(boolean inHandler, int status, String errcode, String message) {
            finished = true;
            cancelTimer();
            stopReading();
            if (inHandler) {
                refuse(exchange, status, errcode, message);
            } else {
                Connectors.executeRootHandler(ex -> refuse(ex, status, errcode, message), exchange);
            }
        }

        private void abandon() {
            finished = true;
            cancelTimer();
            stopReading();
            IoUtils.safeClose(exchange.getConnection());
        }

        private void stopReading() {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.remove();
            }
        }
    }
}
