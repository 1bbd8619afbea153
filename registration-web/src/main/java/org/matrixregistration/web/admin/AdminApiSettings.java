package org.matrixregistration.web.admin;

import java.net.URI;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.session.SessionPolicy;
import org.matrixregistration.web.HttpAddresses;
import org.matrixregistration.web.RateLimit;

/**
 * The admin API's settings, validated on construction so that a wrong value stops start-up with a
 * message naming its key.
 *
 * @param sharedSecret     {@code admin_api_shared_secret}; empty, blank or the sample value
 *                         {@value #SAMPLE_PLACEHOLDER} disables the API (every call gets 401).
 *                         {@link #toString()} never shows it.
 * @param rateLimits       {@code admin_api_rate_limit}: calls per client address, separate from
 *                         the sign-up limits
 * @param failedAuthLimits {@code admin_api_failed_auth_limit}: wrong secrets per client address
 *                         before every call from it is refused with 429 for a while
 * @param corsOrigins      {@code admin_api_cors_origins}: origins ({@code https://admin.example.org})
 *                         a browser may call the API from; none by default, so no CORS headers at all
 * @param publicUrl        {@code public_url}: how people reach the portal (with {@code base_url}),
 *                         for the {@code invite_url} field; empty: no such field
 * @param zone             the server's time zone: {@code expiration_date} is written and a bare
 *                         date is read in it, as the old tool and the CLI do
 * @param version          what {@code GET /api/version} answers
 * @param consoleSessions  {@code admin_console_idle_timeout} and {@code admin_console_session_lifetime}:
 *                         when a signed-in console session ends
 */
public record AdminApiSettings(
        Optional<String> sharedSecret,
        List<RateLimit> rateLimits,
        List<RateLimit> failedAuthLimits,
        List<String> corsOrigins,
        Optional<URI> publicUrl,
        ZoneId zone,
        String version,
        SessionPolicy consoleSessions) {

    public static final String SAMPLE_PLACEHOLDER = "APIAdminPassword";
    public static final List<String> DEFAULT_RATE_LIMIT = List.of("60 per minute");
    public static final List<String> DEFAULT_FAILED_AUTH_LIMIT = List.of("10 per minute", "100 per day");

    public AdminApiSettings {
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        rateLimits = List.copyOf(rateLimits);
        failedAuthLimits = List.copyOf(failedAuthLimits);
        corsOrigins = corsOrigins.stream().map(AdminApiSettings::origin).toList();
        Objects.requireNonNull(publicUrl, "publicUrl");
        publicUrl.ifPresent(uri -> HttpAddresses.require("public_url", uri, "https://chat.example.org"));
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(consoleSessions, "consoleSessions");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether a secret is configured that callers can present; see {@link #sharedSecret}. */
    public boolean enabled() {
        return sharedSecret.map(String::strip).filter(s -> !s.isEmpty() && !s.equals(SAMPLE_PLACEHOLDER)).isPresent();
    }

    @Override
    public String toString() {
        return "AdminApiSettings[sharedSecret=" + (sharedSecret.isPresent() ? "<redacted>" : "<none>")
                + ", rateLimits=" + rateLimits + ", failedAuthLimits=" + failedAuthLimits + ", corsOrigins="
                + corsOrigins + ", publicUrl=" + publicUrl + ", zone=" + zone + ", version=" + version
                + ", consoleSessions=" + consoleSessions + "]";
    }

    /** {@code scheme://host[:port]}, lower-cased, as a browser sends it in {@code Origin}. */
    private static String origin(String raw) {
        String value = Objects.requireNonNull(raw, "admin_api_cors_origins").strip();
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !HttpAddresses.isHttp(uri) || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("admin_api_cors_origins: each entry is an origin such as "
                    + "'https://admin.example.org' (scheme, host, optional port; no path, no '*'); got '" + raw + "'");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** Collects settings with defaults: disabled (no secret), UTC, no CORS, no public URL. */
    public static final class Builder {
        private Optional<String> sharedSecret = Optional.empty();
        private List<RateLimit> rateLimits = RateLimit.parseAll(DEFAULT_RATE_LIMIT);
        private List<RateLimit> failedAuthLimits = RateLimit.parseAll(DEFAULT_FAILED_AUTH_LIMIT);
        private List<String> corsOrigins = List.of();
        private Optional<URI> publicUrl = Optional.empty();
        private ZoneId zone = ZoneId.of("UTC");
        private String version = "unknown";
        private SessionPolicy consoleSessions = SessionPolicy.DEFAULTS;

        private Builder() {}

        public Builder sharedSecret(String value) {
            sharedSecret = Optional.ofNullable(value);
            return this;
        }

        /** The {@code admin_api_rate_limit} setting, e.g. {@code ["60 per minute"]}. */
        public Builder rateLimits(List<String> values) {
            rateLimits = RateLimit.parseAll("admin_api_rate_limit", values);
            return this;
        }

        /** The {@code admin_api_failed_auth_limit} setting. */
        public Builder failedAuthLimits(List<String> values) {
            failedAuthLimits = RateLimit.parseAll("admin_api_failed_auth_limit", values);
            return this;
        }

        public Builder corsOrigins(List<String> values) {
            corsOrigins = values;
            return this;
        }

        public Builder publicUrl(URI value) {
            publicUrl = Optional.ofNullable(value);
            return this;
        }

        public Builder zone(ZoneId value) {
            zone = value;
            return this;
        }

        public Builder version(String value) {
            version = value;
            return this;
        }

        public Builder consoleSessions(SessionPolicy value) {
            consoleSessions = value;
            return this;
        }

        public AdminApiSettings build() {
            return new AdminApiSettings(sharedSecret, rateLimits, failedAuthLimits, corsOrigins, publicUrl, zone, version,
                    consoleSessions);
        }
    }
}
