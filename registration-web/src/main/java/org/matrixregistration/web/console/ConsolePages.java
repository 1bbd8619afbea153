package org.matrixregistration.web.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenStatus;
import org.matrixregistration.web.Language;
import org.matrixregistration.web.Responses;
import org.matrixregistration.web.Routes;
import org.matrixregistration.web.Texts;

/**
 * Renders the console's pages from {@code src/main/jte/console} (compiled at build time), in the
 * admin's language: {@code ?lang=} chooses one and a cookie keeps the choice for the console's
 * other pages; else {@code Accept-Language}. Every console page is also {@code no-store}.
 */
final class ConsolePages {
    static final String LANGUAGE_COOKIE = "mr_admin_lang";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME_WITH_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final TemplateEngine engine;
    /** Asked for the assets' addresses at each page: the bundled assets are read on first use. */
    private final Routes routes;
    private final String base;
    private final ZoneId zone;
    private final boolean approval;

    ConsolePages(Routes routes, String base, ZoneId zone, boolean approval) {
        this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, ConsolePages.class.getClassLoader(),
                Routes.class.getPackageName());
        this.engine.setBinaryStaticContent(true);
        this.routes = routes;
        this.base = base;
        this.zone = zone;
        this.approval = approval;
    }

    Language language(HttpServerExchange exchange) {
        Deque<String> requested = exchange.getQueryParameters().get("lang");
        Cookie remembered = exchange.getRequestCookie(LANGUAGE_COOKIE);
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT_LANGUAGE);
        if (requested != null && !requested.isEmpty()) {
            Language chosen = Language.choose(requested.getFirst(), accept);
            exchange.setResponseCookie(new CookieImpl(LANGUAGE_COOKIE, chosen.tag()).setPath(base).setHttpOnly(true)
                    .setSameSiteMode("Strict").setMaxAge(365 * 24 * 3600));
            return chosen;
        }
        return Language.choose(remembered == null ? null : remembered.getValue(), accept);
    }

    ConsoleChrome chrome(HttpServerExchange exchange, Optional<SignedIn> admin) {
        Language language = language(exchange);
        List<ConsoleChrome.LanguageLink> links = new ArrayList<>();
        String path = exchange.getRequestPath();
        for (Language other : Language.values()) {
            links.add(new ConsoleChrome.LanguageLink(other.tag(), other.nativeName(),
                    (path.endsWith("/sign-out") || path.endsWith("/sign-in") ? base : path) + "?lang=" + other.tag(),
                    other == language));
        }
        return new ConsoleChrome(Texts.console(language), routes.assetUrl("portal.css"), routes.assetUrl("console.css"),
                routes.assetUrl("console.js"), routes.logoUrl(), base,
                admin.map(SignedIn::csrf), links, approval);
    }

    void send(HttpServerExchange exchange, int status, ConsoleChrome chrome, String template, Object view) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render("console/" + template + ".jte", view, output);
        Responses.html(exchange, status, chrome.texts().language(), output.toByteArray());
    }

    void message(HttpServerExchange exchange, int status, ConsoleChrome chrome, String headingKey, String messageKey) {
        send(exchange, status, chrome, "message",
                new ConsoleViews.Message(chrome, chrome.t(headingKey), chrome.t(messageKey)));
    }

    /** A time in the server's zone, e.g. {@code 2026-12-31 00:00 (Europe/Berlin)}. */
    String time(Instant instant) {
        return TIME.format(instant.atZone(zone)) + " (" + zoneName() + ")";
    }

    String zoneName() {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /**
     * The expiry as the edit form shows it, in a form {@code Expiry.parse} reads back to the same
     * second, so that saving the form unchanged changes nothing.
     */
    String expiryInput(InviteToken token) {
        return token.expiresAt().map(expiry -> expiry.atZone(zone))
                .map(time -> (time.getSecond() == 0 ? TIME : TIME_WITH_SECONDS).format(time)).orElse("");
    }

    String expires(ConsoleChrome chrome, InviteToken token) {
        return token.expiresAt().map(this::time).orElse(chrome.t("expires.never"));
    }

    static String uses(ConsoleChrome chrome, InviteToken token) {
        String used = Integer.toString(token.completedUses());
        String text = token.limit().isUnlimited() ? chrome.t("uses.unlimited", "used", used)
                : chrome.texts().format("uses.count", Map.of("used", used, "limit", Integer.toString(token.limit().maximum())));
        return token.pendingUses() == 0 ? text
                : text + " " + chrome.t("uses.pending", "pending", Integer.toString(token.pendingUses()));
    }

    static String status(ConsoleChrome chrome, TokenStatus status) {
        return chrome.t("status." + status.name().toLowerCase(java.util.Locale.ROOT));
    }

    static String statusClass(TokenStatus status) {
        return "badge-" + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
