package org.matrixregistration.web.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.admin.TokenAdministration;
import org.matrixregistration.core.approval.ApprovalSignUp;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.approval.RequestDecisions;
import org.matrixregistration.core.approval.RequestNotices;
import org.matrixregistration.core.memory.InMemoryAdminSessions;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.memory.InMemoryRegistrationRequests;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.WordListTokenNames;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.WebSettings;
import org.matrixregistration.web.admin.AdminApi;
import org.matrixregistration.web.admin.AdminApiSettings;
import org.matrixregistration.web.admin.AdminGuard;

/**
 * The portal with the admin API and the console sharing one guard, over core's in-memory ports and
 * a clock the test moves, on a free loopback port; one browser-like client keeps the cookies.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String SECRET = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    final MutableClock clock = MutableClock.at("2026-11-27T12:00:00Z");
    final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    final InMemoryAdminSessions sessions = new InMemoryAdminSessions();
    final InMemoryHomeserverAccounts homeserver = new InMemoryHomeserverAccounts();
    final InMemoryRegistrationRequests requests = new InMemoryRegistrationRequests();
    final TokenAdministration administration;
    final RegistrationService registration;
    final String base;
    private final RegistrationPortal portal;
    private CookieManager cookies = new CookieManager();
    private HttpClient client;

    private ConsoleFixture(AdminApiSettings settings) {
        UsernameRules usernames = UsernameRules.forServer("example.org");
        PasswordRules passwords = PasswordRules.defaults();
        administration = new TokenAdministration(tokens, WordListTokenNames.bundled(3), clock, true);
        RequestNotices notices = RequestNotices.none(requests);
        registration = new RegistrationService(tokens, homeserver, usernames, passwords, true, clock,
                Optional.of(new ApprovalSignUp(requests, tokens, homeserver, notices, clock)));
        Optional<DecideRequests> decisions = Optional.of(new RequestDecisions(requests, tokens, homeserver, notices,
                RequestDecisions.DEFAULT_EXPIRY, clock));
        AdminGuard guard = new AdminGuard(settings, clock);
        WebSettings web = WebSettings.builder().host("127.0.0.1").port(0).ioThreads(2).workerThreads(4)
                .shutdownGrace(Duration.ofSeconds(2)).accessLog(false).build();
        portal = new RegistrationPortal(registration, homeserver, usernames, passwords, web,
                List.of(new AdminApi(administration, decisions, guard, settings, clock),
                        new AdminConsole(administration, decisions, sessions, guard, settings, clock)));
        base = "http://127.0.0.1:" + portal.start();
        newBrowser();
    }

    static ConsoleFixture start() {
        return start(UnaryOperator.identity());
    }

    static ConsoleFixture start(UnaryOperator<AdminApiSettings.Builder> settings) {
        return new ConsoleFixture(settings.apply(AdminApiSettings.builder()
                .sharedSecret(SECRET)
                .rateLimits(List.of("10000 per minute"))
                .publicUrl(URI.create("http://chat.example.org"))).build());
    }

    /** Forgets every cookie, as another browser would. */
    void newBrowser() {
        cookies = new CookieManager();
        client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<byte[]> bytes(String path) {
        try {
            return client.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A form post as a browser on the console's own page sends it. */
    HttpResponse<String> post(String path, Map<String, String> fields) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", base).header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Signs in with the right secret; returns the session's form token. */
    String signIn() {
        HttpResponse<String> response = post("/admin/sign-in", Map.of("secret", SECRET));
        if (response.statusCode() != 303) {
            throw new IllegalStateException("sign-in failed: " + response.statusCode());
        }
        return csrf();
    }

    /** The form token on the console's pages for the current session. */
    String csrf() {
        Matcher m = CSRF.matcher(get("/admin").body());
        if (!m.find()) {
            throw new IllegalStateException("no form token: not signed in?");
        }
        return m.group(1);
    }

    /** {@code fields} plus the form token. */
    static Map<String, String> with(String csrf, String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", csrf);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return fields;
    }

    @Override
    public void close() {
        portal.stop();
    }
}
