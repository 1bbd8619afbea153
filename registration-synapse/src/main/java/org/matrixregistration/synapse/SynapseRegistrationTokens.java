package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.HomeserverTokens;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.synapse.SynapseAnswer.Kind;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;

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
        SynapseAnswer answer = expect(http.get(TOKENS, adminToken), "list the registration tokens");
        if (answer.kind() != Kind.SUCCESS) {
            throw unexpected(answer, "list the registration tokens");
        }
        List<SynapseJson.RegistrationToken> tokens = SynapseJson
                .read(answer.response().body(), SynapseJson.RegistrationTokens.class)
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
        String what = "read a registration token";
        return readOrNone(expect(http.get(path(name), adminToken), what), what);
    }

    @Override
    public Optional<HomeserverToken> create(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
        byte[] body = SynapseJson.write(new SynapseJson.RegistrationTokenSettings(name.value(), boxed(usesAllowed),
                expiresAt.map(Instant::toEpochMilli).orElse(null)));
        SynapseAnswer answer = expect(http.post(TOKENS + "/new", body, adminToken), "create a registration token");
        return switch (answer.kind()) {
            case SUCCESS -> Optional.of(read(answer, "create a registration token"));
            case ALREADY_EXISTS -> Optional.empty();
            default -> throw refusedOrUnexpected(answer, "create a registration token");
        };
    }

    @Override
    public Optional<HomeserverToken> update(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
        byte[] body = SynapseJson.write(new SynapseJson.RegistrationTokenSettings(null, boxed(usesAllowed),
                expiresAt.map(Instant::toEpochMilli).orElse(null)));
        SynapseAnswer answer = expect(http.put(path(name), body, adminToken), "change a registration token");
        return switch (answer.kind()) {
            case SUCCESS -> Optional.of(read(answer, "change a registration token"));
            case NOT_FOUND -> Optional.empty();
            default -> throw refusedOrUnexpected(answer, "change a registration token");
        };
    }

    /**
     * Synapse refuses an expiry that has passed by the time it checks the request, so the expiry is
     * set a little ahead of the present: {@value #EXPIRY_MARGIN_MILLIS} ms by the portal's clock, then
     * a second, then a second after Synapse's own {@code Date} (its clock ahead of ours). The token
     * stops working that much later, well within a second on one network.
     */
    @Override
    public Optional<HomeserverToken> expireNow(TokenName name) {
        SynapseAnswer answer = putExpiry(name, clock.millis() + EXPIRY_MARGIN_MILLIS);
        if (answer.kind() == Kind.IN_THE_PAST) {
            answer = putExpiry(name, clock.millis() + 1000);
        }
        if (answer.kind() == Kind.IN_THE_PAST) {
            long now = clock.millis();
            long theirs = answer.response().date().flatMap(SynapseAnswer::httpDate).map(Instant::toEpochMilli).orElse(now);
            answer = putExpiry(name, Math.max(now, theirs) + 1000);
        }
        if (answer.kind() == Kind.IN_THE_PAST) {
            throw new SynapseUnavailableException("Could not expire a registration token: Synapse's clock is ahead of"
                    + " the portal's; set both hosts' clocks by NTP");
        }
        return readOrNone(answer, "expire a registration token");
    }

    private SynapseAnswer putExpiry(TokenName name, long millis) {
        return expect(http.put(path(name), SynapseJson.write(new SynapseJson.RegistrationTokenExpiry(millis)), adminToken),
                "expire a registration token");
    }

    @Override
    public boolean delete(TokenName name) {
        SynapseAnswer answer = expect(http.delete(path(name), adminToken), "delete a registration token");
        return switch (answer.kind()) {
            case SUCCESS -> true;
            case NOT_FOUND -> false;
            default -> throw unexpected(answer, "delete a registration token");
        };
    }

    private static String path(TokenName name) {
        return TOKENS + "/" + URLEncoder.encode(name.value(), StandardCharsets.UTF_8);
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    /** The token Synapse answered with, or none for an unknown name. */
    private Optional<HomeserverToken> readOrNone(SynapseAnswer answer, String what) {
        return switch (answer.kind()) {
            case SUCCESS -> Optional.of(read(answer, what));
            case NOT_FOUND -> Optional.empty();
            default -> throw unexpected(answer, what);
        };
    }

    private HomeserverToken read(SynapseAnswer answer, String what) {
        return SynapseJson.read(answer.response().body(), SynapseJson.RegistrationToken.class)
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

    /** The answer, or the failure to reach Synapse as an exception. */
    private SynapseAnswer expect(Answer answer, String what) {
        if (answer instanceof Failure failure) {
            throw new SynapseUnavailableException("Could not " + what + ": Synapse did not answer at server_location "
                    + settings.baseUrl() + " (" + failure.detail().replaceAll("/registration_tokens/\\S+",
                            "/registration_tokens/...") + ")");
        }
        return SynapseAnswer.of((Response) answer);
    }

    /** A value Synapse does not take is the caller's to fix; anything else is {@link #unexpected}. */
    private RuntimeException refusedOrUnexpected(SynapseAnswer answer, String what) {
        return switch (answer.kind()) {
            case INVALID_PARAM, IN_THE_PAST -> new IllegalArgumentException("Synapse refused to " + what + ": "
                    + (answer.error().isEmpty() ? "invalid parameter" : answer.error()));
            default -> unexpected(answer, what);
        };
    }

    private SynapseUnavailableException unexpected(SynapseAnswer answer, String what) {
        if (answer.kind() == Kind.REDIRECTED) {
            return new SynapseUnavailableException("Could not " + what + ": "
                    + SetupAdvice.redirect(settings.baseUrl(), answer));
        }
        String hint = switch (answer.kind()) {
            case UNAUTHORIZED, FORBIDDEN -> ": " + SetupAdvice.adminToken(answer).orElseThrow();
            case NOT_REACHED, NOT_FOUND, NO_PROFILE ->
                    ": check server_location, and that your reverse proxy forwards /_synapse/admin to Synapse";
            case FAILED -> ": Synapse failed";
            default -> "";
        };
        return new SynapseUnavailableException("Could not " + what + ": Synapse answered " + answer.describe() + hint);
    }

    @Override
    public String toString() {
        return "SynapseRegistrationTokens[" + settings.baseUrl() + "]";
    }
}
