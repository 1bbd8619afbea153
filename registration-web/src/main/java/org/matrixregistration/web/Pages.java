package org.matrixregistration.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.registration.FieldError;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.token.TokenRefusal;

/**
 * Renders the pages from the templates in {@code src/main/jte}, which the build compiles to Java
 * classes (no compiler is needed at run time). Every value is escaped by the template engine for
 * its HTML context; nothing here builds HTML by hand.
 */
final class Pages {
    /** Message keys the script may need, with {@code {min}}, {@code {max}} and {@code {server}} filled in. */
    private static final List<String> CLIENT_KEYS = List.of(
            "error.username_required", "error.username_other_server", "error.username_characters",
            "error.username_underscore", "error.username_numeric", "error.username_too_long",
            "error.username_not_allowed", "error.password_required", "error.password_too_short",
            "error.password_too_long", "error.password_mismatch", "error." + FieldError.DISPLAY_NAME_TOO_LONG,
            "error." + FieldError.TOKEN_REQUIRED, "error." + TokenRefusal.UNKNOWN.code(), "field.username.address",
            "check.available", "check.taken", "check.match", "check.length", "form.submitting", "password.show",
            "password.hide", "page.problem");

    private final TemplateEngine engine;
    private final StaticAssets assets;
    private final String serverName;
    private final String registerPath;
    private final String availablePath;
    private final int minPasswordLength;
    private final Optional<URI> clientRedirect;

    Pages(StaticAssets assets, WebSettings settings, String serverName, PasswordRules passwords) {
        this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(),
                Pages.class.getPackageName());
        this.engine.setBinaryStaticContent(true);
        this.assets = assets;
        this.serverName = serverName;
        this.registerPath = settings.path("/register");
        this.availablePath = settings.path("/register/available");
        this.minPasswordLength = passwords.minLength();
        this.clientRedirect = settings.clientRedirect();
    }

    String registerPath() {
        return registerPath;
    }

    /** The form, empty but for the token, or refilled with what was sent and its problems. */
    byte[] form(Language language, FormValues values, List<FieldError> fieldErrors, List<String> formErrors) {
        Chrome chrome = chrome(language, values.token());
        Texts texts = Texts.of(language);
        Map<String, List<String>> byField = new LinkedHashMap<>();
        List<FormView.Problem> problems = new ArrayList<>();
        for (String message : formErrors) {
            problems.add(new FormView.Problem("", message));
        }
        for (String field : FormView.FIELDS) {
            for (FieldError error : fieldErrors) {
                if (error.field().equals(field)) {
                    String message = translate(texts, error);
                    byField.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
                    problems.add(new FormView.Problem(field, message));
                }
            }
        }
        List<FormView.ClientMessage> messages = new ArrayList<>();
        for (String key : CLIENT_KEYS) {
            messages.add(new FormView.ClientMessage(key, fill(texts, key)));
        }
        return render("register.jte", new FormView(chrome, registerPath, availablePath, values.username(),
                values.displayName(), values.token(), minPasswordLength, PasswordRules.MAX_LENGTH, byField, problems,
                messages));
    }

    byte[] welcome(Language language, String userId) {
        return render("welcome.jte", new WelcomeView(chrome(language, ""), userId, clientRedirect.map(URI::toString), false));
    }

    /** The welcome of an account that waits for an admin's approval: no way on to a client yet. */
    byte[] awaitingApproval(Language language, String userId) {
        return render("welcome.jte", new WelcomeView(chrome(language, ""), userId, Optional.empty(), true));
    }

    byte[] message(Language language, String message) {
        return render("message.jte", new MessageView(chrome(language, ""), message, registerPath + "?lang=" + language.tag()));
    }

    /**
     * A core problem in the reader's language, by its stable code; a code without a translation
     * (a newer core) keeps core's English sentence.
     */
    String translate(Texts texts, FieldError error) {
        String key = "error." + error.code();
        return texts.has(key) ? fill(texts, key) : error.message();
    }

    String fill(Texts texts, String key) {
        return texts.format(key, Map.of(
                "server", serverName,
                "min", Integer.toString(minPasswordLength),
                "max", Integer.toString(maxFor(key))));
    }

    private static int maxFor(String key) {
        return key.startsWith("error.displayname") ? Registration.MAX_DISPLAY_NAME_LENGTH : PasswordRules.MAX_LENGTH;
    }

    private Chrome chrome(Language language, String token) {
        List<Chrome.LanguageLink> links = new ArrayList<>();
        String tokenParameter = token.isEmpty() ? "" : "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        for (Language other : Language.values()) {
            links.add(new Chrome.LanguageLink(other.tag(), other.nativeName(),
                    registerPath + "?lang=" + other.tag() + tokenParameter, other == language));
        }
        return new Chrome(Texts.of(language), serverName, assets.url("portal.css"), assets.url("portal.js"),
                assets.logoUrl(), assets.url("logo.svg"), links);
    }

    private byte[] render(String template, Object view) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render(template, view, output);
        return output.toByteArray();
    }

    /** The fields of the form worth showing again; the passwords are never among them. */
    record FormValues(String username, String displayName, String token) {
        static final FormValues EMPTY = new FormValues("", "", "");

        static FormValues withToken(String token) {
            return new FormValues("", "", token);
        }
    }
}
