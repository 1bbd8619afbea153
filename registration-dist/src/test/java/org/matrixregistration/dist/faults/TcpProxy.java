package org.matrixregistration.dist.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain TCP proxy (byte piping, nothing parsed) between the portal and PostgreSQL that can
 * {@link #cutAll() cut} every open connection with a reset and {@link #refuseNew refuse} new ones,
 * so that a test decides exactly when the database is gone and when it is back. Its upstream can be
 * changed while it runs (a restarted container may get a new address); connections already open
 * keep theirs.
 */
final class TcpProxy implements AutoCloseable {
    private static final int CONNECT_MILLIS = 2_000;

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress upstream;
    private volatile boolean refusing;

    TcpProxy(InetSocketAddress upstream) throws IOException {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    String host() {
        return server.getInetAddress().getHostAddress();
    }

    int port() {
        return server.getLocalPort();
    }

    void upstream(InetSocketAddress address) {
        upstream = Objects.requireNonNull(address, "address");
    }

    /** While true, every new connection is reset at once, as by a server that is down. */
    void refuseNew(boolean refuse) {
        refusing = refuse;
    }

    /** Resets every open connection, both sides: the portal's pool and PostgreSQL's backends see it. */
    int cutAll() {
        int cut = 0;
        for (Socket socket : Set.copyOf(open)) {
            reset(socket);
            cut++;
        }
        return cut / 2;
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                } else {
                    threads.execute(() -> connect(client));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        Socket target = new Socket();
        try {
            target.connect(upstream, CONNECT_MILLIS);
        } catch (IOException unreachable) {
            reset(client);
            closeQuietly(target);
            return;
        }
        open.add(client);
        open.add(target);
        threads.execute(() -> pipe(client, target));
        threads.execute(() -> pipe(target, client));
    }

    /** Copies until either side ends, then closes both. */
    private void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // one side went away (or was cut): close both below
        } finally {
            open.remove(from);
            open.remove(to);
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
