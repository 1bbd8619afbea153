package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.UsernameRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /register/available?username=alice}: a hint for the form's script whether a username
 * can still be had. Always JSON: {@code {"user_id": "@alice:example.org", "availability":
 * "available"}}, where availability is {@code available}, {@code taken}, {@code invalid} or
 * {@code unknown}; a name our own rules refuse is {@code invalid} with an {@code errors} list of
 * {@code {code, message}} and never reaches the homeserver. It is only a hint (the sign-up itself
 * decides), so a failing homeserver gives {@code unknown}, not an error. Rate limited separately,
 * because it lets anyone probe which accounts exist.
 */
final class AvailabilityCheck implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityCheck.class);

    private final UsernameRules usernames;
    private final HomeserverAccounts homeserver;

    AvailabilityCheck(UsernameRules usernames, HomeserverAccounts homeserver) {
        this.usernames = usernames;
        this.homeserver = homeserver;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String typed = Negotiation.query(exchange, "username");
        Map<String, Object> body = new LinkedHashMap<>();
        UsernameRules.Verdict verdict = usernames.check(typed.length() > 512 ? typed.substring(0, 512) : typed);
        if (verdict instanceof UsernameRules.Refused refused) {
            List<Map<String, String>> errors = new ArrayList<>();
            refused.problems().forEach(p -> errors.add(Map.of("code", p.code(), "message", p.message())));
            body.put("availability", "invalid");
            body.put("errors", errors);
        } else {
            UsernameRules.Accepted accepted = (UsernameRules.Accepted) verdict;
            body.put("user_id", accepted.userId().toString());
            body.put("availability", ask(accepted).name().toLowerCase(Locale.ROOT));
        }
        Responses.json(exchange, 200, body);
    }

    private Availability ask(UsernameRules.Accepted accepted) {
        try {
            return homeserver.availability(accepted.userId());
        } catch (RuntimeException e) {
            LOG.warn("Could not ask the homeserver whether {} is free", accepted.userId(), e);
            return Availability.UNKNOWN;
        }
    }
}
