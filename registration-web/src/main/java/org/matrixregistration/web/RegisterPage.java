package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /register[?token=X][&lang=xx]}: the sign-up form, in the client's language, with the
 * invite token from the link filled in. Runs on the I/O thread: it only renders. The form without
 * a token is the same for everyone and is rendered once per language.
 */
final class RegisterPage implements HttpHandler {
    /** Longer than any token name; a longer value is not worth echoing back. */
    private static final int MAX_TOKEN_ECHO = 128;

    private final Pages pages;
    private final Map<Language, byte[]> blank = new EnumMap<>(Language.class);

    RegisterPage(Pages pages) {
        this.pages = pages;
        for (Language language : Language.values()) {
            blank.put(language, pages.form(language, Pages.FormValues.EMPTY, List.of(), List.of()));
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Language language = Negotiation.language(exchange);
        String token = Negotiation.query(exchange, "token").strip();
        if (token.length() > MAX_TOKEN_ECHO) {
            token = "";
        }
        byte[] page = token.isEmpty()
                ? blank.get(language)
                : pages.form(language, Pages.FormValues.withToken(token), List.of(), List.of());
        Responses.html(exchange, 200, language, page);
    }
}
