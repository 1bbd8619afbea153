package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.matrixregistration.core.registration.FieldError;
import org.matrixregistration.core.registration.RegisterAccount;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.registration.SignUpProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /register}: signs a person up through {@link RegisterAccount}. Runs on a worker
 * thread (the homeserver call blocks).
 *
 * <p>A client that asks for JSON (see {@link Negotiation}) gets exactly what the old tool
 * answered, minus the access token it leaked: 200 {@code {"user_id", "home_server", "status":
 * "success", "status_code": 200}}, or, when the token requires approval, 202 {@code {"status":
 * "pending_approval", "user_id", "home_server"}} (the account exists, locked, until an admin decides); 400 {@code {"errcode": "MR_BAD_USER_REQUEST", "error": {field:
 * [messages]}}} for invalid fields or a refused token; 400 {@code M_USER_IN_USE} for a taken name;
 * 400 with the homeserver's own errcode when it refuses; 503 (with {@code Retry-After} when known)
 * when it is unreachable; 500 when our homeserver settings are wrong, with details only in the log.
 * A browser gets the same outcomes as pages: the welcome, or the form again with every problem next
 * to its field and the fields kept, except the passwords.
 *
 * <p>Guesses (sign-ups naming a token that does not exist) are limited per client, per IPv6 /48 and
 * for everyone together (see {@link TokenGuesses}): each sign-up takes a guess before it runs and
 * gets it back when its token turns out to exist; once an allowance is spent, sign-ups get 429
 * without reaching the use case.
 */
final class RegisterSubmit implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterSubmit.class);
    private static final String BAD_USER_REQUEST = "MR_BAD_USER_REQUEST";

    private final RegisterAccount registration;
    private final RequestBodies bodies;
    private final ClientAddresses clients;
    private final TokenGuesses guesses;
    private final Pages pages;
    private final Problems problems;

    RegisterSubmit(RegisterAccount registration, RequestBodies bodies, ClientAddresses clients,
            TokenGuesses guesses, Pages pages, Problems problems) {
        this.registration = registration;
        this.bodies = bodies;
        this.clients = clients;
        this.guesses = guesses;
        this.pages = pages;
        this.problems = problems;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        RequestBodies.Fields fields;
        try {
            fields = bodies.read(exchange);
        } catch (RequestBodies.Rejected rejected) {
            problems.send(exchange, rejected.status, rejected.errcode, rejected.getMessage(), rejected.textKey);
            return;
        }
        boolean html = Negotiation.wantsHtml(exchange);
        Language language = Negotiation.language(exchange,
                fields.get("lang").isEmpty() ? Negotiation.query(exchange, "lang") : fields.get("lang"));
        InetAddress client = clients.of(exchange);

        Optional<Duration> wait = guesses.take(client);
        if (wait.isPresent()) {
            if (html) {
                Responses.retryAfter(exchange, wait.get());
                form(exchange, 429, language, fields, List.of(), List.of(problems.rateLimited(language, wait.get())));
            } else {
                Responses.tooManyRequests(exchange, wait.get());
            }
            return;
        }

        Optional<RegistrationOutcome> settled = Optional.empty();
        // The guess goes back once: as soon as the token is known to exist, or when the sign-up ends.
        AtomicBoolean givenBack = new AtomicBoolean();
        SignUpProgress progress = () -> {
            if (givenBack.compareAndSet(false, true)) {
                guesses.giveBack(client);
            }
        };
        RegistrationOutcome outcome;
        try {
            outcome = registration.register(new Registration(
                    fields.get("username"),
                    fields.get("password"),
                    fields.get("confirm"),
                    fields.get("token"),
                    Optional.of(fields.get("displayname")).filter(name -> !name.isBlank()),
                    Optional.of(client.getHostAddress())), progress);
            settled = Optional.of(outcome);
        } finally {
            if (givenBack.compareAndSet(false, true)) {
                guesses.settle(client, settled);
            }
        }
        if (html) {
            answerWithPage(exchange, outcome, language, fields);
        } else {
            answerWithJson(exchange, outcome);
        }
    }

    private void answerWithJson(HttpServerExchange exchange, RegistrationOutcome outcome) {
        if (outcome instanceof RegistrationOutcome.Registered registered) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("user_id", registered.userId().toString());
            body.put("home_server", registered.userId().serverName());
            body.put("status", "success");
            body.put("status_code", 200);
            Responses.json(exchange, 200, body);
        } else if (outcome instanceof RegistrationOutcome.AwaitingApproval awaiting) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "pending_approval");
            body.put("user_id", awaiting.userId().toString());
            body.put("home_server", awaiting.userId().serverName());
            Responses.json(exchange, 202, body);
        } else if (outcome instanceof RegistrationOutcome.InvalidFields invalid) {
            badFields(exchange, invalid.errors());
        } else if (outcome instanceof RegistrationOutcome.TokenRefused refused) {
            badFields(exchange, refused.errors());
        } else if (outcome instanceof RegistrationOutcome.UsernameTaken) {
            Responses.error(exchange, 400, "M_USER_IN_USE", "User ID already taken.");
        } else if (outcome instanceof RegistrationOutcome.HomeserverRejected rejected) {
            Responses.error(exchange, 400, rejected.errcode(), rejected.reason());
        } else if (outcome instanceof RegistrationOutcome.HomeserverUnavailable unavailable) {
            logUnavailable(unavailable);
            unavailable.retryAfter().ifPresent(wait -> Responses.retryAfter(exchange, wait));
            Responses.error(exchange, 503, "MR_HOMESERVER_UNAVAILABLE",
                    "The homeserver cannot be reached right now; try again later.");
        } else {
            logMisconfigured((RegistrationOutcome.HomeserverMisconfigured) outcome);
            Responses.error(exchange, 500, "MR_HOMESERVER_MISCONFIGURED",
                    "Sign-up is not available because of a problem with this server's settings.");
        }
    }

    private void answerWithPage(HttpServerExchange exchange, RegistrationOutcome outcome, Language language,
            RequestBodies.Fields fields) {
        Texts texts = Texts.of(language);
        if (outcome instanceof RegistrationOutcome.Registered registered) {
            Responses.html(exchange, 200, language, pages.welcome(language, registered.userId().toString()));
        } else if (outcome instanceof RegistrationOutcome.AwaitingApproval awaiting) {
            Responses.html(exchange, 202, language, pages.awaitingApproval(language, awaiting.userId().toString()));
        } else if (outcome instanceof RegistrationOutcome.InvalidFields invalid) {
            form(exchange, 400, language, fields, invalid.errors(), List.of());
        } else if (outcome instanceof RegistrationOutcome.TokenRefused refused) {
            form(exchange, 400, language, fields, refused.errors(), List.of());
        } else if (outcome instanceof RegistrationOutcome.UsernameTaken) {
            form(exchange, 400, language, fields, List.of(new FieldError(FieldError.USERNAME, "username_taken",
                    "User ID already taken.")), List.of());
        } else if (outcome instanceof RegistrationOutcome.HomeserverRejected rejected) {
            String message = texts.format("error.homeserver_rejected", Map.of("reason", rejected.reason()));
            Optional<String> field = fieldOf(rejected.errcode());
            if (field.isPresent()) {
                form(exchange, 400, language, fields, List.of(new FieldError(field.get(), "homeserver_" + rejected.errcode(),
                        message)), List.of());
            } else {
                form(exchange, 400, language, fields, List.of(), List.of(message));
            }
        } else if (outcome instanceof RegistrationOutcome.HomeserverUnavailable unavailable) {
            logUnavailable(unavailable);
            unavailable.retryAfter().ifPresent(wait -> Responses.retryAfter(exchange, wait));
            form(exchange, 503, language, fields, List.of(), List.of(pages.fill(texts, "error.homeserver_unavailable")));
        } else {
            logMisconfigured((RegistrationOutcome.HomeserverMisconfigured) outcome);
            form(exchange, 500, language, fields, List.of(), List.of(pages.fill(texts, "error.homeserver_misconfigured")));
        }
    }

    private void form(HttpServerExchange exchange, int status, Language language, RequestBodies.Fields fields,
            List<FieldError> fieldErrors, List<String> formErrors) {
        Pages.FormValues values = new Pages.FormValues(fields.get("username"), fields.get("displayname"), fields.get("token"));
        Responses.html(exchange, status, language, pages.form(language, values, fieldErrors, formErrors));
    }

    /** The old tool's 400: every field's English messages by field name, in form order. */
    private static void badFields(HttpServerExchange exchange, List<FieldError> errors) {
        Map<String, List<String>> byField = new LinkedHashMap<>();
        errors.forEach(e -> byField.computeIfAbsent(e.field(), f -> new ArrayList<>()).add(e.message()));
        Responses.error(exchange, 400, BAD_USER_REQUEST, byField);
    }

    /** Homeserver refusals that are about one field are shown next to it. */
    private static Optional<String> fieldOf(String errcode) {
        return switch (errcode) {
            case "M_INVALID_USERNAME", "M_EXCLUSIVE", "M_USER_IN_USE" -> Optional.of(FieldError.USERNAME);
            case "M_WEAK_PASSWORD", "M_PASSWORD_TOO_SHORT", "M_PASSWORD_NO_DIGIT", "M_PASSWORD_NO_UPPERCASE",
                    "M_PASSWORD_NO_LOWERCASE", "M_PASSWORD_NO_SYMBOL", "M_PASSWORD_IN_DICTIONARY" ->
                    Optional.of(FieldError.PASSWORD);
            default -> Optional.empty();
        };
    }

    private static void logUnavailable(RegistrationOutcome.HomeserverUnavailable unavailable) {
        LOG.warn("A sign-up failed because the homeserver is unavailable: {}{}", unavailable.reason(),
                unavailable.useStillReserved() ? " (the token use stays reserved)" : "");
    }

    private static void logMisconfigured(RegistrationOutcome.HomeserverMisconfigured misconfigured) {
        LOG.error("A sign-up failed because the homeserver settings are wrong: {}", misconfigured.reason());
    }
}
