package org.matrixregistration.synapse;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        return new SynapseSettings(parsedLocation(serverLocation), serverName, sharedSecret, Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A builder that needs the server location, the server name and the shared secret, and
     * defaults the rest: no admin token, {@link #DEFAULT_REQUEST_TIMEOUT} and a connect timeout as
     * {@link #withRequestTimeout} sets it.
     *
     * <pre>{@code
     * SynapseSettings synapse = SynapseSettings.builder()
     *         .serverLocation("http://localhost:8008")
     *         .serverName("example.org")
     *         .sharedSecret(registrationSharedSecret)
     *         .adminToken(adminAccessToken)          // optional
     *         .requestTimeout(Duration.ofSeconds(20)) // optional
     *         .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Named settings for {@link SynapseSettings}; every value is checked by the record when built. */
    public static final class Builder {
        private String serverLocation;
        private String serverName;
        private String sharedSecret;
        private Optional<String> adminToken = Optional.empty();
        private Optional<Duration> connectTimeout = Optional.empty();
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder() {}

        /** Required ({@code server_location}): Synapse's client URL, e.g. {@code http://localhost:8008}. */
        public Builder serverLocation(String value) {
            serverLocation = Objects.requireNonNull(value, "server_location");
            return this;
        }

        /** Required ({@code server_name}): the homeserver's name, as in {@code @alice:NAME}. */
        public Builder serverName(String value) {
            serverName = Objects.requireNonNull(value, "server_name");
            return this;
        }

        /** Required ({@code registration_shared_secret}): Synapse's {@code registration_shared_secret}. */
        public Builder sharedSecret(String value) {
            sharedSecret = Objects.requireNonNull(value, "registration_shared_secret");
            return this;
        }

        /** Optional ({@code homeserver_admin_token}): a Synapse admin's access token. */
        public Builder adminToken(String value) {
            adminToken = Optional.of(Objects.requireNonNull(value, "homeserver_admin_token"));
            return this;
        }

        /** How long a request may take ({@code homeserver_timeout}). */
        public Builder requestTimeout(Duration value) {
            requestTimeout = Objects.requireNonNull(value, "homeserver_timeout");
            return this;
        }

        /** How long connecting may take; without it, the request timeout capped at {@link #DEFAULT_CONNECT_TIMEOUT}. */
        public Builder connectTimeout(Duration value) {
            connectTimeout = Optional.of(Objects.requireNonNull(value, "the connect timeout"));
            return this;
        }

        /**
         * @throws IllegalStateException naming every required setting that was not given
         * @throws IllegalArgumentException naming the setting whose value is wrong
         */
        public SynapseSettings build() {
            List<String> missing = new ArrayList<>();
            if (serverLocation == null) {
                missing.add("serverLocation(String)");
            }
            if (serverName == null) {
                missing.add("serverName(String)");
            }
            if (sharedSecret == null) {
                missing.add("sharedSecret(String)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("SynapseSettings.builder() needs " + String.join(", ", missing));
            }
            requirePositive(requestTimeout, "homeserver_timeout");
            return new SynapseSettings(parsedLocation(serverLocation), serverName, sharedSecret, adminToken,
                    connectTimeout.orElse(connectTimeoutFor(requestTimeout)), requestTimeout);
        }
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
        return withTimeouts(connectTimeoutFor(request), request);
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

    /** As long as the request may take, but no longer than {@link #DEFAULT_CONNECT_TIMEOUT}. */
    private static Duration connectTimeoutFor(Duration request) {
        return request.compareTo(DEFAULT_CONNECT_TIMEOUT) < 0 ? request : DEFAULT_CONNECT_TIMEOUT;
    }

    private static URI parsedLocation(String serverLocation) {
        Objects.requireNonNull(serverLocation, "server_location");
        try {
            return new URI(serverLocation.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server_location is not a URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); expected e.g. http://localhost:8008", e);
        }
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
