package org.matrixregistration.web.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.TokenCursor;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenStatus;

/**
 * {@code GET /admin}: the invitations, newest first, {@value #PAGE_SIZE} a page, paged by key
 * ({@code ?after=}) so that the thousandth page costs what the first does; {@code ?status=} (all,
 * active, used_up, expired, disabled) filters and {@code ?q=} searches names and notes. {@code ?done=}
 * says what the previous action did.
 */
final class InviteListPage implements HttpHandler {
    static final int PAGE_SIZE = 50;
    private static final List<TokenQuery.Status> FILTERS = List.of(TokenQuery.Status.ALL, TokenQuery.Status.ACTIVE,
            TokenQuery.Status.USED_UP, TokenQuery.Status.EXPIRED, TokenQuery.Status.DISABLED);

    private final Console console;

    InviteListPage(Console console) {
        this.console = console;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ConsoleChrome chrome = console.chrome(exchange);
        TokenQuery.Status status = FILTERS.stream()
                .filter(f -> f.name().toLowerCase(Locale.ROOT).equals(ConsoleRequests.query(exchange, "status")))
                .findFirst().orElse(TokenQuery.Status.ALL);
        String search = ConsoleRequests.query(exchange, "q").strip();
        if (search.length() > TokenQuery.MAX_SEARCH_LENGTH) {
            search = search.substring(0, TokenQuery.MAX_SEARCH_LENGTH);
        }
        Optional<TokenCursor> after = Optional.empty();
        try {
            String cursor = ConsoleRequests.query(exchange, "after");
            after = cursor.isEmpty() ? Optional.empty() : Optional.of(TokenCursor.parse(cursor));
        } catch (IllegalArgumentException e) {
            // A cursor from nowhere: start at the first page.
        }
        TokenQuery query = TokenQuery.all().withStatus(status).matching(search).newestFirst().at(0, PAGE_SIZE);
        Page<InviteToken> page = console.tokens.list(after.isPresent() ? query.after(after.get()) : query);

        Instant now = console.clock.instant();
        List<ConsoleViews.Row> rows = new ArrayList<>();
        for (InviteToken token : page.items()) {
            TokenStatus tokenStatus = TokenStatus.of(token, now);
            rows.add(new ConsoleViews.Row(token.name().value(), chrome.href("/invites/" + token.name().value()),
                    ConsolePages.status(chrome, tokenStatus), ConsolePages.statusClass(tokenStatus),
                    ConsolePages.uses(chrome, token), console.pages.expires(chrome, token), token.note()));
        }
        List<ConsoleViews.Option> options = new ArrayList<>();
        for (TokenQuery.Status filter : FILTERS) {
            String value = filter.name().toLowerCase(Locale.ROOT);
            options.add(new ConsoleViews.Option(value, chrome.t("status." + value), filter == status));
        }
        String filters = "status=" + status.name().toLowerCase(Locale.ROOT)
                + (search.isEmpty() ? "" : "&q=" + URLEncoder.encode(search, StandardCharsets.UTF_8));
        Optional<String> next = page.next().map(cursor -> chrome.href("") + "?" + filters + "&after=" + cursor);
        Optional<String> first = after.map(cursor -> chrome.href("") + "?" + filters);
        Optional<String> done = Done.message(chrome, ConsoleRequests.query(exchange, "done"));
        console.pages.send(exchange, 200, chrome, "list", new ConsoleViews.InviteList(chrome, rows, options, search,
                status != TokenQuery.Status.ALL || !search.isEmpty(), next, first, done));
    }

    /** What the previous action did, as {@code ?done=} names it, in the admin's words. */
    static final class Done {
        private static final Map<String, String> KEYS = Map.of("created", "done.created", "saved", "done.saved",
                "disabled", "done.disabled", "enabled", "done.enabled", "deleted", "done.deleted");

        private Done() {}

        static Optional<String> message(ConsoleChrome chrome, String done) {
            return Optional.ofNullable(KEYS.get(done)).map(chrome::t);
        }
    }
}
