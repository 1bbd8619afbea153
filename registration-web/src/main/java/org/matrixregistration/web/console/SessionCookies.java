package org.matrixregistration.web.console;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.matrixregistration.core.session.AdminSession;
import org.matrixregistration.core.session.AdminSessions;
import org.matrixregistration.core.session.SessionPolicy;

/**
 * Console sessions as the browser and the store see them. The browser holds 256 random bits from
 * {@link SecureRandom} in a cookie that scripts cannot read ({@code HttpOnly}), that no other site
 * can make it send ({@code SameSite=Strict}), limited to the console's path and, behind https,
 * {@code Secure}. The store holds only the SHA-256 of that secret; the form token against CSRF is
 * another hash of it, so it needs no storage and reveals nothing. Neither is ever logged.
 */
final class SessionCookies {
    static final String NAME = "mr_admin_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

    private final AdminSessions store;
    private final SessionPolicy policy;
    private final Clock clock;
    private final String path;
    private final boolean secure;

    /**
     * @param path   the console's path, e.g. {@code /element/admin}
     * @param secure whether the portal is reached over https (its {@code public_url})
     */
    SessionCookies(AdminSessions store, SessionPolicy policy, Clock clock, String path, boolean secure) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.path = path;
        this.secure = secure;
    }

    /** Signs the admin in: a new session, its cookie on the response. */
    SignedIn start(HttpServerExchange exchange) {
        Instant now = clock.instant();
        store.removeExpired(now.minus(policy.idleTimeout()), now.minus(policy.maxAge()));
        byte[] bytes = new byte[32];
        String secret;
        String id;
        do {
            RANDOM.nextBytes(bytes);
            secret = TEXT.encodeToString(bytes);
            id = hash("session:" + secret);
        } while (!store.add(new AdminSession(id, now, now)));
        exchange.setResponseCookie(cookie(secret));
        return new SignedIn(id, csrf(secret));
    }

    /** The admin of this request, if its cookie names a session that has not ended. */
    Optional<SignedIn> current(HttpServerExchange exchange) {
        Cookie cookie = exchange.getRequestCookie(NAME);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().length() != 43) {
            return Optional.empty();
        }
        String secret = cookie.getValue();
        String id = hash("session:" + secret);
        Optional<AdminSession> session = store.find(id);
        Instant now = clock.instant();
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (!policy.isValid(session.get(), now)) {
            store.remove(id);
            return Optional.empty();
        }
        if (policy.dueForTouch(session.get(), now)) {
            store.touch(id, now);
        }
        return Optional.of(new SignedIn(id, csrf(secret)));
    }

    /** Signs the admin out: the session ends in the store, the cookie in the browser. */
    void end(HttpServerExchange exchange, SignedIn admin) {
        store.remove(admin.sessionId());
        exchange.setResponseCookie(cookie("").setMaxAge(0));
    }

    /** Whether {@code presented} is the form token of {@code admin}'s session; constant time. */
    static boolean csrfMatches(SignedIn admin, String presented) {
        return presented != null && MessageDigest.isEqual(admin.csrf().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private Cookie cookie(String value) {
        return new CookieImpl(NAME, value).setPath(path).setHttpOnly(true).setSecure(secure).setSameSiteMode("Strict");
    }

    private static String csrf(String secret) {
        return hash("csrf:" + secret).substring(0, 43);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
