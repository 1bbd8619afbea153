package org.matrixregistration.dist.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP proxy between the portal and Synapse that lets every request through, except Synapse's
 * shared-secret registration ({@code POST /_synapse/admin/v1/register}) of a username that starts
 * with a prefix a test chose: to that one it applies the prefix's {@link Fault}. Choosing faults by
 * username lets many scenarios share one proxy and one portal at the same time.
 *
 * <p>One request per client connection: the proxy reads the request head and its
 * {@code Content-Length} body, forwards it on a fresh connection to Synapse with
 * {@code Connection: close}, reads Synapse's whole answer, acts, and closes; every answer it gives
 * says {@code Connection: close}, so the client never reuses a connection. Chunked request bodies
 * are not supported (the portal never sends one). A passing request whose upstream cannot be
 * reached is answered 502, one whose upstream stays silent 504, as nginx would.
 *
 * <p>Every step of a registration POST is recorded as an {@link Event}, which tests {@link #await}
 * instead of sleeping. All waits are bounded: the upstream answer ({@value #UPSTREAM_ANSWER_SECONDS}
 * s), a held request ({@value #HOLD_LIMIT_SECONDS} s, then dropped), a client that is left without an
 * answer ({@value #CLIENT_IDLE_SECONDS} s).
 */
final class FaultProxy implements AutoCloseable {
    static final String REGISTER = "/_synapse/admin/v1/register";
    static final int UPSTREAM_CONNECT_MILLIS = 2_000;
    static final int UPSTREAM_ANSWER_SECONDS = 30;
    static final int HOLD_LIMIT_SECONDS = 120;
    static final int CLIENT_IDLE_SECONDS = 30;
    private static final int MAX_HEAD = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happens to a registration POST. */
    enum Kind {
        /** Waits {@link Fault#latency()}, then forwards and relays the answer. */
        LATENCY,
        /** Resets the client connection; Synapse never sees the request. */
        RESET_BEFORE_FORWARDING,
        /** Forwards, then resets the client connection at once; Synapse's answer is read and thrown away. */
        RESET_AFTER_FORWARDING,
        /** Forwards, reads Synapse's answer, and never answers the client (it times out). */
        DROP_ANSWER,
        /** Forwards, reads Synapse's answer, and answers 502 itself, as a proxy whose upstream failed late. */
        BAD_GATEWAY_AFTER_ANSWER,
        /** Answers 503 without forwarding, as a proxy whose upstream is down. */
        UNAVAILABLE_WITHOUT_FORWARDING,
        /** Holds the request until the test {@link #release}s it: forward (and relay) or drop (close, never forward). */
        HOLD
    }

    record Fault(Kind kind, Duration latency) {
        Fault {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(latency, "latency");
        }

        static Fault of(Kind kind) {
            return new Fault(kind, Duration.ZERO);
        }

        static Fault latency(Duration latency) {
            return new Fault(Kind.LATENCY, latency);
        }

        @Override
        public String toString() {
            return kind == Kind.LATENCY ? "latency " + latency.toMillis() + " ms" : kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a held request does when released. */
    enum Release {
        FORWARD, DROP
    }

    enum EventType {
        /** The whole registration POST was read from the client. */
        RECEIVED,
        /** The request was written to Synapse. */
        FORWARDED,
        /** Synapse's whole answer was read; {@link Event#status()} is its status. */
        ANSWERED,
        /** Synapse could not be reached, or failed or stayed silent before answering. */
        UPSTREAM_FAILED,
        /** The client got an answer; {@link Event#status()} is its status. */
        CLIENT_ANSWERED,
        /** The client connection was reset on purpose. */
        CLIENT_RESET,
        /** The client connection was closed without an answer. */
        CLIENT_CLOSED,
        /** The proxy is done with this request: nothing more reaches Synapse or the client. */
        DONE
    }

    record Event(EventType type, String username, int status, long nanoTime) {}

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Release>> holds = new ConcurrentHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> inProgress = new HashMap<>();
    private volatile InetSocketAddress upstream;

    FaultProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** {@code http://127.0.0.1:port}: what the portal's {@code server_location} says. */
    String url() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Where requests go from now on (after Synapse was restarted, its address may have changed). */
    void upstream(InetSocketAddress address) {
        upstream = Objects.requireNonNull(address, "address");
    }

    /** Applies {@code fault} to registrations of usernames starting with {@code prefix}. */
    void inject(String prefix, Fault fault) {
        faults.put(prefix, fault);
    }

    /** Lets a {@link Kind#HOLD} request of {@code username} go on, now or as soon as it arrives. */
    void release(String username, Release release) {
        holds.computeIfAbsent(username, u -> new CompletableFuture<>()).complete(release);
    }

    /** The first event of this type for this username, waiting for it at most {@code timeout}. */
    synchronized Event await(String username, EventType type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event event : events) {
                if (event.type() == type && event.username().equals(username)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the fault proxy saw no " + type + " for " + username + " within " + timeout
                        + "; its events for it: " + eventsOf(username));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Events so far for this username, for messages. */
    synchronized List<Event> eventsOf(String username) {
        return events.stream().filter(e -> e.username().equals(username)).toList();
    }

    /** Waits until no registration of a username with this prefix is inside the proxy any more. */
    synchronized void awaitQuiet(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inProgress.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && e.getValue() > 0)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("registrations with prefix " + prefix + " were still inside the fault proxy after "
                        + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        holds.values().forEach(hold -> hold.complete(Release.DROP));
        threads.shutdownNow();
    }

    private synchronized void record(EventType type, String username, int status) {
        events.add(new Event(type, username, status, System.nanoTime()));
        if (type == EventType.RECEIVED) {
            inProgress.merge(username, 1, Integer::sum);
        } else if (type == EventType.DONE) {
            inProgress.merge(username, -1, Integer::sum);
        }
        notifyAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> handle(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout(CLIENT_IDLE_SECONDS * 1000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            Message request = Message.read(in, true);
            if (request == null) {
                return;
            }
            Optional<String> username = registrationUsername(request);
            Optional<Fault> fault = username.flatMap(this::faultFor);
            if (username.isEmpty() || fault.isEmpty()) {
                passThrough(client, request);
                return;
            }
            String user = username.get();
            record(EventType.RECEIVED, user, 0);
            try {
                applyFault(client, in, request, user, fault.get());
            } finally {
                record(EventType.DONE, user, 0);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent something this proxy does not speak: nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Fault> faultFor(String username) {
        return faults.entrySet().stream()
                .filter(entry -> username.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static Optional<String> registrationUsername(Message request) {
        String[] parts = request.startLine().split(" ");
        if (parts.length < 2 || !parts[0].equals("POST") || !parts[1].equals(REGISTER)) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(request.body());
            return Optional.ofNullable(body.get("username")).filter(JsonNode::isTextual).map(JsonNode::asText);
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    private void applyFault(Socket client, InputStream in, Message request, String user, Fault fault)
            throws IOException, InterruptedException {
        switch (fault.kind()) {
            case LATENCY -> {
                Thread.sleep(fault.latency().toMillis());
                forwardAndRelay(client, request, user);
            }
            case RESET_BEFORE_FORWARDING -> reset(client, user);
            case RESET_AFTER_FORWARDING -> {
                Socket upstreamSocket = connectAndSend(request, user);
                if (upstreamSocket == null) {
                    reset(client, user);
                    return;
                }
                try (upstreamSocket) {
                    reset(client, user);
                    readAnswer(upstreamSocket, user);
                }
            }
            case DROP_ANSWER -> {
                forward(request, user);
                // Never answer: wait (bounded) for the client to give up and close its end.
                try {
                    while (in.read() >= 0) {
                        // a well-behaved client sends nothing more
                    }
                } catch (SocketTimeoutException | java.net.SocketException gone) {
                    // the client stayed or went; either way the answer is dropped
                }
                record(EventType.CLIENT_CLOSED, user, 0);
            }
            case BAD_GATEWAY_AFTER_ANSWER -> {
                forward(request, user);
                answer(client, user, 502, "Bad Gateway");
            }
            case UNAVAILABLE_WITHOUT_FORWARDING -> answer(client, user, 503, "Service Unavailable");
            case HOLD -> {
                Release release;
                try {
                    release = holds.computeIfAbsent(user, u -> new CompletableFuture<>())
                            .get(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    release = Release.DROP;
                }
                if (release == Release.FORWARD) {
                    forwardAndRelay(client, request, user);
                } else {
                    record(EventType.CLIENT_CLOSED, user, 0);
                }
            }
        }
    }

    private void passThrough(Socket client, Message request) throws IOException {
        Socket upstreamSocket;
        try {
            upstreamSocket = openUpstream();
        } catch (IOException unreachable) {
            writeStatus(client, 502, "Bad Gateway");
            return;
        }
        try (upstreamSocket) {
            write(upstreamSocket.getOutputStream(), request);
            Message answer = Message.read(new BufferedInputStream(upstreamSocket.getInputStream()), false);
            if (answer == null) {
                writeStatus(client, 502, "Bad Gateway");
                return;
            }
            write(client.getOutputStream(), answer);
        } catch (SocketTimeoutException silent) {
            writeStatus(client, 504, "Gateway Timeout");
        } catch (IOException failed) {
            writeStatus(client, 502, "Bad Gateway");
        }
    }

    /** Forwards and relays Synapse's answer to the client, if it is still there. */
    private void forwardAndRelay(Socket client, Message request, String user) throws IOException {
        Optional<Message> answer = forward(request, user);
        if (answer.isEmpty()) {
            reset(client, user);
            return;
        }
        try {
            write(client.getOutputStream(), answer.get());
            record(EventType.CLIENT_ANSWERED, user, answer.get().status());
        } catch (IOException clientGone) {
            record(EventType.CLIENT_CLOSED, user, 0);
        }
    }

    /** Sends the request to Synapse and reads its whole answer; empty if Synapse failed. */
    private Optional<Message> forward(Message request, String user) {
        Socket upstreamSocket = connectAndSend(request, user);
        if (upstreamSocket == null) {
            return Optional.empty();
        }
        try (upstreamSocket) {
            return readAnswer(upstreamSocket, user);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Socket connectAndSend(Message request, String user) {
        Socket upstreamSocket = null;
        try {
            upstreamSocket = openUpstream();
            write(upstreamSocket.getOutputStream(), request);
            record(EventType.FORWARDED, user, 0);
            return upstreamSocket;
        } catch (IOException e) {
            closeQuietly(upstreamSocket);
            record(EventType.UPSTREAM_FAILED, user, 0);
            return null;
        }
    }

    private Optional<Message> readAnswer(Socket upstreamSocket, String user) {
        try {
            Message answer = Message.read(new BufferedInputStream(upstreamSocket.getInputStream()), false);
            if (answer == null) {
                record(EventType.UPSTREAM_FAILED, user, 0);
                return Optional.empty();
            }
            record(EventType.ANSWERED, user, answer.status());
            return Optional.of(answer);
        } catch (IOException e) {
            record(EventType.UPSTREAM_FAILED, user, 0);
            return Optional.empty();
        }
    }

    private Socket openUpstream() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(upstream, UPSTREAM_CONNECT_MILLIS);
            socket.setSoTimeout(UPSTREAM_ANSWER_SECONDS * 1000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Closes with an RST (linger 0), so the client reads "connection reset". */
    private void reset(Socket client, String user) {
        try {
            client.setSoLinger(true, 0);
            client.close();
            record(EventType.CLIENT_RESET, user, 0);
        } catch (IOException alreadyGone) {
            record(EventType.CLIENT_CLOSED, user, 0);
        }
    }

    private void answer(Socket client, String user, int status, String reason) throws IOException {
        writeStatus(client, status, reason);
        record(EventType.CLIENT_ANSWERED, user, status);
    }

    private static void writeStatus(Socket client, int status, String reason) throws IOException {
        byte[] body = ("<html><head><title>" + status + " " + reason + "</title></head><body><center><h1>" + status + " "
                + reason + "</h1></center><hr><center>fault-proxy</center></body></html>\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        write(client.getOutputStream(), new Message("HTTP/1.1 " + status + " " + reason,
                List.of("Content-Type: text/html", "Content-Length: " + body.length), body));
    }

    /** Writes a message with {@code Connection: close} in place of whatever it said about connections. */
    private static void write(OutputStream out, Message message) throws IOException {
        StringBuilder head = new StringBuilder(message.startLine()).append("\r\n");
        for (String header : message.headers()) {
            String name = header.substring(0, Math.max(0, header.indexOf(':'))).strip().toLowerCase(Locale.ROOT);
            if (!name.equals("connection") && !name.equals("keep-alive") && !name.equals("proxy-connection")) {
                head.append(header).append("\r\n");
            }
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(message.body());
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    /** An HTTP/1.1 request or response: start line, header lines, body. */
    record Message(String startLine, List<String> headers, byte[] body) {
        int status() {
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        Optional<String> header(String name) {
            return headers.stream()
                    .filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(h -> h.substring(name.length() + 1).strip())
                    .findFirst();
        }

        /**
         * Reads one message; null if the stream ended before its first byte. A request's body is its
         * {@code Content-Length} (none without one); a response's is its {@code Content-Length}, else
         * everything up to the end of the stream (the upstream was asked to close).
         */
        static Message read(InputStream in, boolean isRequest) throws IOException {
            byte[] head = readHead(in);
            if (head == null) {
                return null;
            }
            List<String> lines = new ArrayList<>(List.of(
                    new String(head, 0, head.length - 4, StandardCharsets.ISO_8859_1).split("\r\n")));
            String startLine = lines.remove(0);
            Message withoutBody = new Message(startLine, List.copyOf(lines), new byte[0]);
            if (withoutBody.header("Transfer-Encoding").isPresent() && isRequest) {
                throw new IOException("chunked request bodies are not supported");
            }
            Optional<String> length = withoutBody.header("Content-Length");
            byte[] body;
            if (length.isPresent()) {
                int n = Integer.parseInt(length.get());
                body = in.readNBytes(n);
                if (body.length < n) {
                    throw new EOFException("the body ended after " + body.length + " of " + n + " bytes");
                }
            } else if (isRequest || withoutBody.status() == 204 || withoutBody.status() == 304) {
                body = new byte[0];
            } else {
                body = in.readAllBytes();
            }
            return new Message(startLine, withoutBody.headers(), body);
        }

        private static byte[] readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            byte[] end = {'\r', '\n', '\r', '\n'};
            int matched = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new EOFException("the connection closed inside the message head");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == end.length) {
                    return head.toByteArray();
                }
                if (head.size() > MAX_HEAD) {
                    throw new IOException("message head longer than " + MAX_HEAD + " bytes");
                }
            }
        }
    }
}
