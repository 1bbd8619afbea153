package org.matrixregistration.synapse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.matrixregistration.synapse.SynapseJson.MatrixError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Synapse's answers, read once: its status, its Matrix error and what they mean, as a
 * {@link Kind}. This is the one place that matches Synapse's error codes and texts; every class of
 * the adapter decides on the kind.
 *
 * @param errcode the Matrix {@code errcode}, empty when the body has none
 * @param error   the Matrix {@code error} text, empty when the body has none
 */
record SynapseAnswer(Response response, Kind kind, String errcode, String error, Optional<Long> retryAfterMs) {

    private static final Logger LOG = LoggerFactory.getLogger(SynapseAnswer.class);

    /** What an answer means; the first that fits, in this order. */
    enum Kind {
        /** 2xx. */
        SUCCESS,
        /** 3xx: the portal never follows a redirect, so server_location is not Synapse's own address. */
        REDIRECTED,
        /** 429. */
        RATE_LIMITED,
        /** 5xx: Synapse, or a proxy in front of it, failed, possibly after acting on the request. */
        FAILED,
        /** {@code M_USER_IN_USE}: the username is taken. */
        USER_IN_USE,
        /** {@code M_INVALID_USERNAME}. */
        INVALID_USERNAME,
        /** {@code M_EXCLUSIVE}: the username belongs to an application service's namespace. */
        EXCLUSIVE,
        /** Shared-secret registration: the MAC does not match. */
        WRONG_SECRET,
        /** Shared-secret registration is switched off in Synapse. */
        SECRET_REGISTRATION_OFF,
        /** Synapse does not know the nonce it issued: a worker answered, not the main process. */
        NONCE_NOT_RECOGNISED,
        /** 403 of the client API's registration: {@code enable_registration} is off. */
        REGISTRATION_CLOSED,
        /** 400 of a registration token's creation: one of that name exists. */
        ALREADY_EXISTS,
        /** An expiry that has passed by Synapse's clock. */
        IN_THE_PAST,
        /** 400 {@code M_INVALID_PARAM}: a value Synapse does not take. */
        INVALID_PARAM,
        /** 404 {@code M_NOT_FOUND}: Synapse's own "no such thing". */
        NOT_FOUND,
        /** 404 "No row found": a public profile that has no row, so no such account (Synapse 1.160). */
        NO_PROFILE,
        /**
         * Any other 404, a 405, or a 403 without a Matrix error: the request did not reach the API it
         * was meant for (a reverse proxy that does not forward it, a wrong server_location).
         */
        NOT_REACHED,
        /** 401: an access token Synapse does not know, or a proxy that asks for a login. */
        UNAUTHORIZED,
        /** Any other 403: Synapse refuses this caller, e.g. one who is not an admin. */
        FORBIDDEN,
        /** Any other refusal, in Synapse's words. */
        REFUSED
    }

    /** Error codes that mean the same whatever the status. */
    private static final Map<String, Kind> BY_ERRCODE = Map.of(
            "M_USER_IN_USE", Kind.USER_IN_USE,
            "M_INVALID_USERNAME", Kind.INVALID_USERNAME,
            "M_EXCLUSIVE", Kind.EXCLUSIVE);
    /** Shared-secret registration's refusals, told apart by their text alone. */
    private static final Map<String, Kind> BY_ERROR = Map.of(
            "HMAC incorrect", Kind.WRONG_SECRET,
            "Shared secret registration is not enabled", Kind.SECRET_REGISTRATION_OFF,
            "unrecognised nonce", Kind.NONCE_NOT_RECOGNISED);

    static SynapseAnswer of(Response response) {
        Optional<MatrixError> body = SynapseJson.read(response.body(), MatrixError.class);
        String errcode = body.map(MatrixError::errcode).orElse("");
        String error = body.map(MatrixError::error).orElse("");
        return new SynapseAnswer(response, kind(response.status(), errcode, error), errcode, error,
                body.map(MatrixError::retryAfterMs));
    }

    /** The kind of an answer with this status and Matrix error (each empty when absent). */
    static Kind kind(int status, String errcode, String error) {
        if (status >= 200 && status < 300) {
            return Kind.SUCCESS;
        }
        if (status >= 300 && status < 400) {
            return Kind.REDIRECTED;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.FAILED;
        }
        Kind named = BY_ERRCODE.getOrDefault(errcode, BY_ERROR.get(error));
        if (named != null) {
            return named;
        }
        if (status == 403 && error.toLowerCase(Locale.ROOT).contains("registration has been disabled")) {
            return Kind.REGISTRATION_CLOSED;
        }
        if (status == 400 && error.startsWith("Token already exists")) {
            return Kind.ALREADY_EXISTS;
        }
        if (error.contains("must not be in the past")) {
            return Kind.IN_THE_PAST;
        }
        if (status == 400 && errcode.equals("M_INVALID_PARAM")) {
            return Kind.INVALID_PARAM;
        }
        if (status == 404 && errcode.equals("M_NOT_FOUND")) {
            return Kind.NOT_FOUND;
        }
        if (status == 404 && error.startsWith("No row found")) {
            return Kind.NO_PROFILE;
        }
        if (status == 404 || status == 405 || (status == 403 && errcode.isEmpty())) {
            return Kind.NOT_REACHED;
        }
        if (status == 401) {
            return Kind.UNAUTHORIZED;
        }
        return status == 403 ? Kind.FORBIDDEN : Kind.REFUSED;
    }

    int status() {
        return response.status();
    }

    /** {@code HTTP 403 M_FORBIDDEN}: safe to log and to show, as no body is. */
    String describe() {
        return "HTTP " + status() + (errcode.isEmpty() ? "" : " " + errcode);
    }

    /** A failure's own words, or the answer's status and error code. */
    static String describe(Answer answer) {
        return answer instanceof Failure failure ? failure.detail() : of((Response) answer).describe();
    }

    /** {@code retry_after_ms} from the body, else the {@code Retry-After} header (seconds or an HTTP date). */
    Optional<Duration> retryAfter(Clock clock) {
        Optional<Long> millis = retryAfterMs.filter(ms -> ms >= 0);
        if (millis.isPresent()) {
            return millis.map(Duration::ofMillis);
        }
        Optional<String> header = response.retryAfter().map(String::strip).filter(h -> !h.isEmpty());
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        Optional<Instant> at = httpDate(value);
        if (at.isEmpty()) {
            LOG.debug("Ignoring a Retry-After header that is neither seconds nor a date: {}", value);
            return Optional.empty();
        }
        Duration wait = Duration.between(clock.instant(), at.get());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** An HTTP date ({@code Retry-After}, {@code Date}), or empty when the text is none. */
    static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
