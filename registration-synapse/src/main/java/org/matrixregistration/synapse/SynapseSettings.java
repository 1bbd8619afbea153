package org.matrixregistration.synapse;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Synapse and prove that this portal may register accounts there.
 *
 * <p>The record checks itself, and every error names the setting to fix: {@code server_location}
 * (an {@code http} or {@code https} URL, optionally with a path prefix such as
 * {@code https://host/synapse}, without credentials, query or fragment; a trailing {@code /} is
 * dropped), {@code server_name}, {@code registration_shared_secret}, the optional
 * {@code homeserver_admin_token} (a Synapse admin's access token, used only to ask whether a username is
 * free), and the connect timeout and the request timeout ({@code homeserver_timeout}).
 *
 * <p>{@link #toString()} never shows the shared secret or the admin token.
 */
public record SynapseSettings(
        URI baseUrl,
        String serverName,
        String sharedSecret,
        Optional<String> adminToken,
        Duration connectTimeout,
        Duration requestTimeout) {

    /** {@code server_location}'s default, as in the Python tool. */
    public static final String DEFAULT_SERVER_LOCATION = "http://localhost:8008";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** {@code homeserver_timeout}'s default. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public SynapseSettings {
        baseUrl = checkedBaseUrl(baseUrl);
        Objects.requireNonNull(serverName, "server_name");
        if (serverName.isBlank() || !serverName.strip().equals(serverName)) {
            throw new IllegalArgumentException("server_name must be set, without surrounding spaces; got '" + serverName + "'");
        }
        if (serverName.contains("/") || serverName.startsWith("@") || serverName.contains(" ")) {
            throw new IllegalArgumentException("server_name must be the homeserver's name as in @alice:NAME, e.g."
                    + " example.org; got '" + serverName + "'");
        }
        Objects.requireNonNull(sharedSecret, "registration_shared_secret");
        if (sharedSecret.isBlank()) {
            throw new IllegalArgumentException("registration_shared_secret must be set (Synapse's registration_shared_secret)");
        }
        Objects.requireNonNull(adminToken, "homeserver_admin_token");
        if (adminToken.isPresent() && adminToken.get().isBlank()) {
            throw new IllegalArgumentException("homeserver_admin_token must not be blank; leave it out to go without one");
        }
        requirePositive(connectTimeout, "the connect timeout");
        requirePositive(requestTimeout, "homeserver_timeout");
    }

    /** Settings with no admin token and the default timeouts. */
    public static SynapseSettings of(String serverLocation, String serverName, String sharedSecret) {
        Objects.requireNonNull(serverLocation, "server_location");
        URI uri;
        try {
            uri = new URI(serverLocation.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server_location is not a URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); expected e.g. http://localhost:8008", e);
        }
        return new SynapseSettings(uri, serverName, sharedSecret, Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** A copy with a Synapse admin's access token; {@code null} or blank means none. */
    public SynapseSettings withAdminToken(String token) {
        Optional<String> value = Optional.ofNullable(token).filter(t -> !t.isBlank());
        return new SynapseSettings(baseUrl, serverName, sharedSecret, value, connectTimeout, requestTimeout);
    }

    /**
     * A copy whose requests may take {@code request} ({@code homeserver_timeout}); connecting may take
     * as long, but no longer than {@link #DEFAULT_CONNECT_TIMEOUT}.
     */
    public SynapseSettings withRequestTimeout(Duration request) {
        requirePositive(request, "homeserver_timeout");
        return withTimeouts(request.compareTo(DEFAULT_CONNECT_TIMEOUT) < 0 ? request : DEFAULT_CONNECT_TIMEOUT, request);
    }

    public SynapseSettings withTimeouts(Duration connect, Duration request) {
        return new SynapseSettings(baseUrl, serverName, sharedSecret, adminToken, connect, request);
    }

    /** The absolute URL of a Synapse endpoint, {@code path} starting with {@code /}, below the base URL's path. */
    URI endpoint(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    @Override
    public String toString() {
        return "SynapseSettings[baseUrl=" + baseUrl + ", serverName=" + serverName
                + ", sharedSecret=<redacted>, adminToken=" + (adminToken.isPresent() ? "<redacted>" : "<none>")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }

    private static URI checkedBaseUrl(URI url) {
        Objects.requireNonNull(url, "server_location");
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("server_location must not contain a user name or password");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("server_location must be an http:// or https:// URL, e.g. http://localhost:8008; got '" + url + "'");
        }
        if (url.isOpaque() || url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("server_location must name a host, e.g. http://localhost:8008; got '" + url + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("server_location must not have a query (?...) or fragment (#...); got '" + url + "'");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String authority = url.getRawAuthority();
        return URI.create(scheme + "://" + authority + path);
    }

    private static void requirePositive(Duration timeout, String setting) {
        Objects.requireNonNull(timeout, setting);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive; got " + timeout);
        }
    }
}
