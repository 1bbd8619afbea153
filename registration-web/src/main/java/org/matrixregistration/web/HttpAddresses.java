package org.matrixregistration.web;

import java.net.URI;
import java.util.Locale;

/**
 * The addresses settings hand to browsers ({@code client_redirect}, {@code public_url}, CORS
 * origins): {@code http} or {@code https} with a host, nothing a browser would run or open
 * elsewhere ({@code javascript:}, {@code file:}, a bare path).
 */
public final class HttpAddresses {
    private HttpAddresses() {}

    /** Whether {@code uri} is an {@code http://} or {@code https://} address with a host. */
    public static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
    }

    /**
     * Refuses anything but an {@code http(s)} address with a host.
     *
     * @throws IllegalArgumentException whose message starts with {@code key} and shows {@code example}
     */
    public static void require(String key, URI uri, String example) {
        if (!isHttp(uri)) {
            throw new IllegalArgumentException(
                    key + " must be an http:// or https:// address, e.g. " + example + "; got '" + uri + "'");
        }
    }
}
