package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.core.session.AdminSessions;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.Routes;
import org.matrixregistration.web.admin.AdminApiSettings;
import org.matrixregistration.web.admin.AdminGuard;

/**
 * The admin console at {@code {base_url}/admin}: invitations in the browser, with invite links and
 * QR codes, over the same {@link AdministerTokens} use case as the admin API and the CLI. Off (404)
 * while the admin secret is unset or the sample value, as the API is.
 *
 * <p>Pages are rendered on the server and every action is a plain form with post-redirect-get, so
 * the console works without JavaScript; {@code console.js} only adds Copy and Share. Each route's
 * handler states its contract; {@link ConsoleGate} states what every request passes first:
 * sessions ({@link SessionCookies}), the form token, the refusal of other sites' requests, and the
 * admin limits shared with the API.
 */
public final class AdminConsole implements RouteGroup {
    static final String PATH = "/admin";

    private final AdministerTokens tokens;
    private final Optional<DecideRequests> requests;
    private final AdminSessions sessions;
    private final AdminGuard guard;
    private final AdminApiSettings settings;
    private final Clock clock;

    /** @param guard shared with the admin API, so that wrong secrets count together */
    public AdminConsole(AdministerTokens tokens, AdminSessions sessions, AdminGuard guard, AdminApiSettings settings,
            Clock clock) {
        this(tokens, Optional.empty(), sessions, guard, settings, clock);
    }

    /**
     * @param requests the registration requests to decide, which adds the requests page
     * @param guard    shared with the admin API, so that wrong secrets count together
     */
    public AdminConsole(AdministerTokens tokens, Optional<DecideRequests> requests, AdminSessions sessions,
            AdminGuard guard, AdminApiSettings settings, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void addTo(Routes routes) {
        if (!guard.enabled()) {
            return;
        }
        String base = routes.basePath() + PATH;
        boolean secure = settings.publicUrl().map(url -> "https".equalsIgnoreCase(url.getScheme())).orElse(false);
        Console console = new Console(tokens, requests,
                new ConsolePages(routes, base, settings.zone(), requests.isPresent() && tokens.approvalAvailable()),
                new SessionCookies(sessions, settings.consoleSessions(), clock, base, secure), settings, clock, routes, guard);

        open(routes, console, Methods.GET, "/sign-in", new SignInPage(console));
        open(routes, console, Methods.POST, "/sign-in", new SignIn(console));
        signedIn(routes, console, Methods.POST, "/sign-out", new SignOut(console));
        signedIn(routes, console, Methods.GET, "", new InviteListPage(console));
        signedIn(routes, console, Methods.GET, "/invites/new", new NewInvitePage(console));
        signedIn(routes, console, Methods.POST, "/invites", new CreateInvite(console));
        signedIn(routes, console, Methods.GET, "/invites/{name}", new InvitePage(console));
        signedIn(routes, console, Methods.POST, "/invites/{name}", new UpdateInvite(console));
        signedIn(routes, console, Methods.POST, "/invites/{name}/disable", new SwitchInvite(console, true));
        signedIn(routes, console, Methods.POST, "/invites/{name}/enable", new SwitchInvite(console, false));
        signedIn(routes, console, Methods.GET, "/invites/{name}/delete", new DeleteInvitePage(console));
        signedIn(routes, console, Methods.POST, "/invites/{name}/delete", new DeleteInvite(console));
        signedIn(routes, console, Methods.GET, "/invites/{name}/qr.svg", new QrImage(console, false));
        signedIn(routes, console, Methods.GET, "/invites/{name}/qr.png", new QrImage(console, true));
        if (requests.isPresent()) {
            signedIn(routes, console, Methods.GET, "/requests", new RequestsPage(console));
            signedIn(routes, console, Methods.POST, "/requests/{id}/approve", new DecideRequestAction(console, true));
            signedIn(routes, console, Methods.POST, "/requests/{id}/deny", new DecideRequestAction(console, false));
        }
    }

    private void open(Routes routes, Console console, HttpString method, String path, HttpHandler handler) {
        routes.blocking(method, PATH + path, new ConsoleGate(console, false, handler));
    }

    private void signedIn(Routes routes, Console console, HttpString method, String path, HttpHandler handler) {
        routes.blocking(method, PATH + path, new ConsoleGate(console, true, handler));
    }
}
