package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code GET /register[?token=X][&lang=xx]}: the sign-up form, in the client's language, with the
 * invite token from the link filled in. Runs on the I/O thread: it only renders. The form without
 * a token is the same for everyone and is rendered once per language, when it is first asked for
 * (rendering all of them at start-up took about a tenth of it).
 */
final class RegisterPage implements HttpHandler {
    /** Longer than any token name; a longer value is not worth echoing back. */
    private static final int MAX_TOKEN_ECHO = 128;

    private final Pages pages;
    /** By {@link Language#ordinal()}; two first requests at once may both render, to the same bytes. */
    private final AtomicReferenceArray<byte[]> blank = new AtomicReferenceArray<>(Language.values().length);

    RegisterPage(Pages pages) {
        this.pages = pages;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Language language = Negotiation.language(exchange);
        String token = Negotiation.query(exchange, "token").strip();
        if (token.length() > MAX_TOKEN_ECHO) {
            token = "";
        }
        byte[] page = token.isEmpty()
                ? blank(language)
                : pages.form(language, Pages.FormValues.withToken(token), List.of(), List.of());
        Responses.html(exchange, 200, language, page);
    }

    private byte[] blank(Language language) {
        byte[] page = blank.get(language.ordinal());
        if (page == null) {
            page = pages.form(language, Pages.FormValues.EMPTY, List.of(), List.of());
            blank.set(language.ordinal(), page);
        }
        return page;
    }
}
