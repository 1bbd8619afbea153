package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.HomeserverTokens;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.matrixregistration.synapse.SynapseJson.MatrixError;

/**
 * {@link HomeserverTokens} over Synapse's admin API ({@code /_synapse/admin/v1/registration_tokens},
 * with {@code homeserver_admin_token}): the tokens Synapse checks when anyone registers with
 * {@code m.login.registration_token}, the same ones synapse-admin and ketesa manage.
 *
 * <p>Mapping: {@code uses_allowed} null is "no limit"; {@code expiry_time} is milliseconds since the
 * epoch, null for never. Synapse takes names of 1 to 64 characters from {@code [A-Za-z0-9._~-]},
 * exactly what a {@link TokenName} is, so every name the portal accepts fits. It refuses an expiry in
 * the past, on create and on update: that becomes an {@link IllegalArgumentException} with its words.
 * A name that exists already is an empty create; an unknown name an empty find or update and a false
 * delete (404 {@code M_NOT_FOUND}). {@link #expireNow} sets the expiry a fraction of a second ahead
 * (Synapse refuses any moment that has passed when it checks).
 *
 * <p>Anything else (Synapse unreachable, a 5xx, {@code homeserver_admin_token} refused) is a
 * {@link SynapseUnavailableException} naming the setting to fix; token names never appear in
 * messages, since a name is the secret of an invite link. Thread-safe.
 */
public final class SynapseRegistrationTokens implements HomeserverTokens {
    static final String TOKENS = "/_synapse/admin/v1/registration_tokens";
    static final long EXPIRY_MARGIN_MILLIS = 100;

    private final SynapseHttp http;
    private final SynapseSettings settings;
    private final String adminToken;
    private final Clock clock;

    /** With the system clock; the composition root passes its own clock to the other constructor. */
    public SynapseRegistrationTokens(SynapseSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /**
     * @param clock the present that {@link #expireNow} sets an expiry just after
     * @throws IllegalArgumentException when the settings have no {@code homeserver_admin_token}
     */
    public SynapseRegistrationTokens(SynapseSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new SynapseHttp(settings);
        this.adminToken = settings.adminToken().orElseThrow(() -> new IllegalArgumentException(
                "homeserver_admin_token: Synapse's registration tokens are read and written with a Synapse admin's"
                        + " access token"));
    }

    @Override
    public List<HomeserverToken> list() {
        Response response = expect(http.get(TOKENS, adminToken), "list the registration tokens");
        if (response.status() != 200) {
            throw unexpected(response, "list the registration tokens");
        }
        List<SynapseJson.RegistrationToken> tokens = SynapseJson.read(response.body(), SynapseJson.RegistrationTokens.class)
                .map(SynapseJson.RegistrationTokens::registrationTokens)
                .orElseThrow(() -> new SynapseUnavailableException("Synapse answered the list of registration tokens"
                        + " with something else than a list (GET " + http.uri(TOKENS) + ")"));
        List<HomeserverToken> found = new ArrayList<>();
        for (SynapseJson.RegistrationToken token : tokens) {
            // A name the portal cannot represent cannot come from this Synapse; skip it rather than fail the list.
            if (token != null && TokenName.isValid(token.token())) {
                found.add(token(token));
            }
        }
        return found;
    }

    @Override
    public Optional<HomeserverToken> find(TokenName name) {
        Response response = expect(http.get(path(name), adminToken), "read a registration token");
        if (response.status() == 200) {
            return Optional.of(read(response, "read a registration token"));
        }
        if (notFound(response)) {
            return Optional.empty();
        }
        throw unexpected(response, "read a registration token");
    }

    @Override
    public Optional<HomeserverToken> create(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
        byte[] body = SynapseJson.write(new SynapseJson.RegistrationTokenSettings(name.value(), boxed(usesAllowed),
                expiresAt.map(Instant::toEpochMilli).orElse(null)));
        Response response = expect(http.post(TOKENS + "/new", body, adminToken), "create a registration token");
        if (response.status() == 200) {
            return Optional.of(read(response, "create a registration token"));
        }
        Optional<MatrixError> error = SynapseJson.read(response.body(), MatrixError.class);
        String text = error.map(MatrixError::error).orElse("");
        if (response.status() == 400 && text.startsWith("Token already exists")) {
            return Optional.empty();
        }
        throw refusedOrUnexpected(response, error, "create a registration token");
    }

    @Override
    public Optional<HomeserverToken> update(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
        byte[] body = SynapseJson.write(new SynapseJson.RegistrationTokenSettings(null, boxed(usesAllowed),
                expiresAt.map(Instant::toEpochMilli).orElse(null)));
        Response response = expect(http.put(path(name), body, adminToken), "change a registration token");
        if (response.status() == 200) {
            return Optional.of(read(response, "change a registration token"));
        }
        if (notFound(response)) {
            return Optional.empty();
        }
        throw refusedOrUnexpected(response, SynapseJson.read(response.body(), MatrixError.class),
                "change a registration token");
    }

    /**
     * Synapse refuses an expiry that has passed by the time it checks the request, so the expiry is
     * set a little ahead of the present: {@value #EXPIRY_MARGIN_MILLIS} ms by the portal's clock, then
     * a second, then a second after Synapse's own {@code Date} (its clock ahead of ours). The token
     * stops working that much later, well within a second on one network.
     */
    @Override
    public Optional<HomeserverToken> expireNow(TokenName name) {
        Response response = putExpiry(name, clock.millis() + EXPIRY_MARGIN_MILLIS);
        if (response.status() == 400 && inThePast(response)) {
            response = putExpiry(name, clock.millis() + 1000);
        }
        if (response.status() == 400 && inThePast(response)) {
            long now = clock.millis();
            long theirs = response.date().flatMap(SynapseRegistrationTokens::parseDate).orElse(now);
            response = putExpiry(name, Math.max(now, theirs) + 1000);
        }
        if (response.status() == 200) {
            return Optional.of(read(response, "expire a registration token"));
        }
        if (notFound(response)) {
            return Optional.empty();
        }
        if (inThePast(response)) {
            throw new SynapseUnavailableException("Could not expire a registration token: Synapse's clock is ahead of"
                    + " the portal's; set both hosts' clocks by NTP");
        }
        throw unexpected(response, "expire a registration token");
    }

    private Response putExpiry(TokenName name, long millis) {
        return expect(http.put(path(name), SynapseJson.write(new SynapseJson.RegistrationTokenExpiry(millis)), adminToken),
                "expire a registration token");
    }

    private static boolean inThePast(Response response) {
        return SynapseJson.read(response.body(), MatrixError.class).map(MatrixError::error)
                .filter(text -> text.contains("must not be in the past")).isPresent();
    }

    private static Optional<Long> parseDate(String header) {
        try {
            return Optional.of(ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(TokenName name) {
        Response response = expect(http.delete(path(name), adminToken), "delete a registration token");
        if (response.status() == 200) {
            return true;
        }
        if (notFound(response)) {
            return false;
        }
        throw unexpected(response, "delete a registration token");
    }

    private static String path(TokenName name) {
        return TOKENS + "/" + URLEncoder.encode(name.value(), StandardCharsets.UTF_8);
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static boolean notFound(Response response) {
        return response.status() == 404 && SynapseJson.read(response.body(), MatrixError.class)
                .map(MatrixError::errcode).filter("M_NOT_FOUND"::equals).isPresent();
    }

    private HomeserverToken read(Response response, String what) {
        return SynapseJson.read(response.body(), SynapseJson.RegistrationToken.class)
                .filter(token -> TokenName.isValid(token.token()))
                .map(SynapseRegistrationTokens::token)
                .orElseThrow(() -> new SynapseUnavailableException("Synapse answered a request to " + what
                        + " without a registration token"));
    }

    private static HomeserverToken token(SynapseJson.RegistrationToken token) {
        return new HomeserverToken(new TokenName(token.token()),
                token.usesAllowed() == null ? OptionalInt.empty() : OptionalInt.of(Math.max(0, token.usesAllowed())),
                token.pending() == null ? 0 : Math.max(0, token.pending()),
                token.completed() == null ? 0 : Math.max(0, token.completed()),
                Optional.ofNullable(token.expiryTime()).map(Instant::ofEpochMilli));
    }

    /** The response, or the failure to reach Synapse as an exception. */
    private Response expect(Answer answer, String what) {
        if (answer instanceof Failure failure) {
            throw new SynapseUnavailableException("Could not " + what + ": Synapse did not answer at server_location "
                    + settings.baseUrl() + " (" + failure.detail().replaceAll("/registration_tokens/\\S+",
                            "/registration_tokens/...") + ")");
        }
        return (Response) answer;
    }

    private RuntimeException refusedOrUnexpected(Response response, Optional<MatrixError> error, String what) {
        if (response.status() == 400 && error.map(MatrixError::errcode).filter("M_INVALID_PARAM"::equals).isPresent()) {
            return new IllegalArgumentException("Synapse refused to " + what + ": "
                    + error.map(MatrixError::error).orElse("invalid parameter"));
        }
        return unexpected(response, what);
    }

    private SynapseUnavailableException unexpected(Response response, String what) {
        String errcode = SynapseJson.read(response.body(), MatrixError.class).map(MatrixError::errcode).orElse("");
        int status = response.status();
        String hint;
        if (status == 401) {
            hint = ": Synapse does not know homeserver_admin_token; set it to the access token of a Synapse admin";
        } else if (status == 403) {
            hint = ": homeserver_admin_token does not belong to a Synapse admin; make that user an admin or use an"
                    + " admin's access token";
        } else if (response.redirected()) {
            hint = ": server_location " + settings.baseUrl() + " redirects; set it to the address Synapse answers on";
        } else if (status == 404 || status == 405) {
            hint = ": check server_location, and that your reverse proxy forwards /_synapse/admin to Synapse";
        } else {
            hint = status >= 500 ? ": Synapse failed" : "";
        }
        return new SynapseUnavailableException("Could not " + what + ": Synapse answered HTTP " + status
                + (errcode.isEmpty() ? "" : " " + errcode) + hint);
    }

    @Override
    public String toString() {
        return "SynapseRegistrationTokens[" + settings.baseUrl() + "]";
    }
}
