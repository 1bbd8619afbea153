package org.matrixregistration.web.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.web.RegistrationPortal;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.WebSettings;

/**
 * The portal over core's in-memory ports, on a free loopback port, with a {@code java.net.http}
 * client. Rate limits are generous unless a test sets its own. Shared through the test-jar.
 */
public final class PortalFixture implements AutoCloseable {
    public static final String SERVER_NAME = "example.org";

    private final InMemoryInviteTokens tokens;
    private final ScriptedHomeserver homeserver = new ScriptedHomeserver();
    private final RegistrationPortal portal;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final int port;

    private PortalFixture(UnaryOperator<WebSettings.Builder> settings, List<RouteGroup> groups, boolean ipLogging) {
        Clock clock = Clock.systemUTC();
        tokens = new InMemoryInviteTokens();
        UsernameRules usernames = UsernameRules.forServer(SERVER_NAME);
        PasswordRules passwords = PasswordRules.defaults();
        RegistrationService service = new RegistrationService(tokens, homeserver, usernames, passwords, ipLogging, clock);
        WebSettings built = settings.apply(WebSettings.builder()
                .host("127.0.0.1")
                .port(0)
                .ioThreads(2)
                .workerThreads(4)
                .shutdownGrace(Duration.ofSeconds(5))
                .rateLimits(List.of("10000 per minute"))
                .failedTokenLimits(List.of("10000 per minute"))
                .failedTokenNetworkLimits(List.of("10000 per minute"))
                .failedTokenGlobalLimits(List.of("10000 per minute"))
                .availabilityLimits(List.of("10000 per minute"))).build();
        portal = new RegistrationPortal(service, homeserver, usernames, passwords, built, groups);
        port = portal.start();
        base = "http://127.0.0.1:" + port + built.baseUrl();
    }

    public static PortalFixture start() {
        return start(UnaryOperator.identity());
    }

    public static PortalFixture start(UnaryOperator<WebSettings.Builder> settings) {
        return new PortalFixture(settings, List.of(), true);
    }

    public static PortalFixture start(UnaryOperator<WebSettings.Builder> settings, List<RouteGroup> groups) {
        return new PortalFixture(settings, groups, true);
    }

    /** Adds an invite token admitting {@code uses} sign-ups (0: unlimited). */
    public String addToken(String name, int uses) {
        tokens.add(InviteToken.fresh(new TokenName(name), uses == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(uses),
                Optional.empty(), "", Clock.systemUTC().instant()));
        return name;
    }

    public InMemoryInviteTokens tokens() {
        return tokens;
    }

    public ScriptedHomeserver homeserver() {
        return homeserver;
    }

    public RegistrationPortal portal() {
        return portal;
    }

    public int port() {
        return port;
    }

    /** The address of a path under {@code base_url}, e.g. {@code url("/register")}. */
    public String url(String path) {
        return base + path;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A form post as a script sends it (no {@code Accept: text/html}): the answer is JSON. */
    public HttpResponse<String> postForm(String path, String body) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A form post as a browser without JavaScript sends it: the answer is a page. */
    public HttpResponse<String> postFormAsBrowser(String path, String body, String acceptLanguage) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Accept-Language", acceptLanguage)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Override
    public void close() {
        portal.stop();
    }
}
