package org.matrixregistration.web.admin;

import io.undertow.server.HttpHandler;
import io.undertow.util.Methods;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.admin.TokenRepresentation;
import org.matrixregistration.core.approval.DecideRequests;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.RouteGroup;
import org.matrixregistration.web.Routes;

/**
 * The token admin API that bots (maubot-invite), scripts and old guides' curl lines drive, with
 * the old tool's paths, JSON shapes and error codes: {@code GET/POST /api/token},
 * {@code GET/PATCH/DELETE /api/token/{name}}, {@code GET /api/version}, and new
 * {@code GET /api/token/{name}/uses} and, with approval, {@code GET /api/requests} and
 * {@code POST /api/requests/{id}/approve|deny}. Each handler's Javadoc states its contract.
 *
 * <p>Every call needs {@code Authorization: SharedSecret <secret>} (or {@code Bearer}), compared in
 * constant time; without a usable secret (see {@link AdminApiSettings#enabled()}) every call gets
 * 401 and a warning is logged once. Calls are rate limited per client address apart from sign-ups,
 * and an address that keeps sending wrong secrets is refused for a while. CORS headers are sent only
 * to the configured origins.
 */
public final class AdminApi implements RouteGroup {
    private final AdministerTokens tokens;
    private final Optional<DecideRequests> requests;
    private final AdminGuard guard;
    private final AdminApiSettings settings;
    private final Clock clock;

    public AdminApi(AdministerTokens tokens, AdminApiSettings settings, Clock clock) {
        this(tokens, Optional.empty(), new AdminGuard(settings, clock), settings, clock);
    }

    /**
     * @param requests the registration requests to decide, which adds {@code /api/requests}
     * @param guard    shared with the console, so that wrong secrets count together
     */
    public AdminApi(AdministerTokens tokens, Optional<DecideRequests> requests, AdminGuard guard,
            AdminApiSettings settings, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void addTo(Routes routes) {
        UnaryOperator<HttpHandler> cors = settings.corsOrigins().isEmpty()
                ? UnaryOperator.identity()
                : handler -> new AdminCors(settings.corsOrigins(), handler);
        UnaryOperator<HttpHandler> gate = handler -> cors.apply(new AdminGate(routes, guard, handler));
        TokenRepresentation json = new TokenRepresentation(settings.zone(), settings.publicUrl());
        TokenJson token = new TokenJson(json, settings.zone(), clock);
        Map<String, Object> version = Map.of("version", settings.version());

        routes.blocking(Methods.GET, "/api/token", new ListTokens(tokens, json, clock), gate)
                .blocking(Methods.POST, "/api/token", new CreateToken(tokens, token), gate)
                .blocking(Methods.GET, "/api/token/{name}", new GetToken(tokens, token), gate)
                .blocking(Methods.PATCH, "/api/token/{name}", new UpdateToken(tokens, token), gate)
                .blocking(Methods.DELETE, "/api/token/{name}", new DeleteToken(tokens), gate)
                .blocking(Methods.GET, "/api/token/{name}/uses", new TokenUses(tokens, json), gate)
                .blocking(Methods.GET, "/api/version", exchange -> Responses.json(exchange, 200, version), gate);
        requests.ifPresent(decide -> routes
                .blocking(Methods.GET, "/api/requests", new ListRequests(decide), gate)
                .blocking(Methods.POST, "/api/requests/{id}/approve", new DecideRequest(decide, tokens, true), gate)
                .blocking(Methods.POST, "/api/requests/{id}/deny", new DecideRequest(decide, tokens, false), gate));
        if (!settings.corsOrigins().isEmpty()) {
            preflight(routes, "/api/token", "GET, HEAD, OPTIONS, POST");
            preflight(routes, "/api/token/{name}", "DELETE, GET, HEAD, OPTIONS, PATCH");
            preflight(routes, "/api/token/{name}/uses", "GET, HEAD, OPTIONS");
            preflight(routes, "/api/version", "GET, HEAD, OPTIONS");
            if (requests.isPresent()) {
                preflight(routes, "/api/requests", "GET, HEAD, OPTIONS");
                preflight(routes, "/api/requests/{id}/approve", "OPTIONS, POST");
                preflight(routes, "/api/requests/{id}/deny", "OPTIONS, POST");
            }
        }
    }

    private void preflight(Routes routes, String path, String methods) {
        routes.nonBlocking(Methods.OPTIONS, path, AdminCors.preflight(settings.corsOrigins(), methods));
    }
}
