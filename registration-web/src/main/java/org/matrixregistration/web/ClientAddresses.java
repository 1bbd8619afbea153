package org.matrixregistration.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the address of the client behind a request, which rate limits and the token-use record
 * are keyed on.
 *
 * <p>{@code X-Forwarded-For} is believed only when the direct peer is a trusted proxy; then the
 * chain is read from the right, skipping trusted proxies, and the first untrusted address is the
 * client. Anything to its left was written by the client itself and could be chosen freely, which
 * is why the Python tool's rate limits could be dodged. A malformed entry ends the walk at the
 * last address known to be good.
 */
final class ClientAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAddresses.class);
    private static final AttachmentKey<InetAddress> CLIENT = AttachmentKey.create(InetAddress.class);
    private static final int MAX_CHAIN = 20;

    private final List<AddressRange> trusted;
    private final AtomicLong untrustedForwards = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();

    ClientAddresses(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(AddressRange::parse).toList();
    }

    /**
     * Requests that carried {@code X-Forwarded-For} from a peer that is not a trusted proxy: a
     * client trying to pick its own address (ignored, harmless), or a reverse proxy missing from
     * {@code trusted_proxies}, which makes all its clients one client to the rate limits.
     */
    long untrustedForwards() {
        return untrustedForwards.get();
    }

    InetAddress of(HttpServerExchange exchange) {
        InetAddress cached = exchange.getAttachment(CLIENT);
        if (cached == null) {
            cached = resolve(exchange);
            exchange.putAttachment(CLIENT, cached);
        }
        return cached;
    }

    private InetAddress resolve(HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        InetAddress peer = source == null ? InetAddress.getLoopbackAddress() : source.getAddress();
        HeaderValues forwarded = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
        if (forwarded == null) {
            return peer;
        }
        if (!isTrusted(peer)) {
            untrustedForwards.incrementAndGet();
            if (warned.compareAndSet(false, true)) {
                LOG.warn("X-Forwarded-For came from {}, which is not in trusted_proxies, and was ignored. If that is"
                        + " your reverse proxy, add its address to trusted_proxies: until then all its clients share one"
                        + " rate limit, and one person's mistakes lock everyone out. (Said once; the metric"
                        + " matrix_registration_untrusted_forwarded_requests_total counts them.)", peer.getHostAddress());
            }
            return peer;
        }
        return fromChain(peer, entries(forwarded));
    }

    InetAddress fromChain(InetAddress peer, List<String> chain) {
        InetAddress current = peer;
        for (int i = chain.size() - 1; i >= 0 && isTrusted(current); i--) {
            Optional<InetAddress> hop = parseEntry(chain.get(i));
            if (hop.isEmpty()) {
                return current;
            }
            current = hop.get();
        }
        return current;
    }

    private static List<String> entries(HeaderValues headers) {
        List<String> chain = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",")) {
                chain.add(entry.strip());
            }
        }
        return chain.size() > MAX_CHAIN ? chain.subList(chain.size() - MAX_CHAIN, chain.size()) : chain;
    }

    /** An entry is an address, optionally with a port: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [::1]:80}. */
    private static Optional<InetAddress> parseEntry(String entry) {
        String candidate = entry;
        if (candidate.startsWith("[")) {
            int end = candidate.indexOf(']');
            candidate = end < 0 ? candidate : candidate.substring(1, end);
        } else if (candidate.indexOf(':') > 0 && candidate.indexOf(':') == candidate.lastIndexOf(':')) {
            candidate = candidate.substring(0, candidate.indexOf(':'));
        }
        return AddressRange.literal(candidate);
    }

    boolean isTrusted(InetAddress address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The IPv6 /48 of an IPv6 client ({@code 2001:db8:1::/48}), which one subscriber may hold
     * whole; empty for IPv4, where an address is scarce enough to be the unit.
     */
    static Optional<String> networkKey(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder(16);
        for (int i = 0; i < 6; i += 2) {
            key.append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF)).append(':');
        }
        return Optional.of(key.append(":/48").toString());
    }

    /**
     * The key a client is rate limited under: its IPv4 address, or the /64 network of an IPv6
     * address, since one IPv6 subscriber usually holds a whole /64 and could rotate within it.
     */
    static String rateLimitKey(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder key = new StringBuilder(20);
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString((bytes[i] & 0xFF) << 8 | bytes[i + 1] & 0xFF)).append(':');
        }
        return key.append(":/64").toString();
    }
}
