package org.matrixregistration.synapse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.synapse.SynapseAnswer.Kind;
import org.matrixregistration.synapse.SynapseHttp.Response;

/** The one reading of Synapse's answers: which kind each status and Matrix error is, first match first. */
class SynapseAnswerTest {

    @ParameterizedTest(name = "{0} {1} \"{2}\" is {3}")
    @CsvSource(nullValues = "-", value = {
            "200, -, -, SUCCESS",
            "204, -, -, SUCCESS",
            "301, -, -, REDIRECTED",
            "429, M_LIMIT_EXCEEDED, Too Many Requests, RATE_LIMITED",
            "502, M_USER_IN_USE, -, FAILED",
            "400, M_USER_IN_USE, User ID already taken., USER_IN_USE",
            "400, M_INVALID_USERNAME, User ID may not begin with _, INVALID_USERNAME",
            "400, M_EXCLUSIVE, This user ID is reserved by an application service., EXCLUSIVE",
            "403, M_FORBIDDEN, HMAC incorrect, WRONG_SECRET",
            "400, M_UNKNOWN, Shared secret registration is not enabled, SECRET_REGISTRATION_OFF",
            "400, M_UNKNOWN, unrecognised nonce, NONCE_NOT_RECOGNISED",
            "403, M_FORBIDDEN, Registration has been disabled, REGISTRATION_CLOSED",
            "400, M_INVALID_PARAM, Token already exists: x, ALREADY_EXISTS",
            "400, M_INVALID_PARAM, expiry_time must not be in the past, IN_THE_PAST",
            "400, M_INVALID_PARAM, uses_allowed must be a non-negative integer or null, INVALID_PARAM",
            "404, M_NOT_FOUND, User not found, NOT_FOUND",
            "404, M_UNKNOWN, No row found (profiles), NO_PROFILE",
            "404, M_UNRECOGNIZED, Unrecognized request, NOT_REACHED",
            "405, M_UNRECOGNIZED, Unrecognized request, NOT_REACHED",
            "403, -, -, NOT_REACHED",
            "401, M_UNKNOWN_TOKEN, Invalid access token passed., UNAUTHORIZED",
            "403, M_FORBIDDEN, You are not a server admin, FORBIDDEN",
            "400, M_UNKNOWN, something else, REFUSED",
    })
    void kinds(int status, String errcode, String error, Kind kind) {
        assertThat(answer(status, errcode, error).kind()).isEqualTo(kind);
    }

    @Test
    void aBodyThatIsNoMatrixErrorHasNoErrcodeAndIsDescribedByItsStatus() {
        SynapseAnswer answer = SynapseAnswer.of(response(403, "<html>Forbidden</html>", Optional.empty()));

        assertThat(answer.errcode()).isEmpty();
        assertThat(answer.describe()).isEqualTo("HTTP 403");
        assertThat(answer(401, "M_MISSING_TOKEN", "x").describe()).isEqualTo("HTTP 401 M_MISSING_TOKEN");
    }

    @Test
    void retryAfterPrefersTheBodyThenTheHeaderInSecondsOrAsADate() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

        assertThat(SynapseAnswer.of(response(429, "{\"retry_after_ms\": 2500}", Optional.of("7"))).retryAfter(clock))
                .contains(Duration.ofMillis(2500));
        assertThat(SynapseAnswer.of(response(429, "", Optional.of("7"))).retryAfter(clock)).contains(Duration.ofSeconds(7));
        assertThat(SynapseAnswer.of(response(429, "", Optional.of("Thu, 01 Jan 2026 00:01:30 GMT"))).retryAfter(clock))
                .contains(Duration.ofSeconds(90));
        assertThat(SynapseAnswer.of(response(429, "", Optional.of("Wed, 31 Dec 2025 23:00:00 GMT"))).retryAfter(clock))
                .contains(Duration.ZERO);
        assertThat(SynapseAnswer.of(response(429, "", Optional.of("soon"))).retryAfter(clock)).isEmpty();
    }

    private static SynapseAnswer answer(int status, String errcode, String error) {
        String body = "{" + (errcode == null ? "" : "\"errcode\": \"" + errcode + "\"")
                + (errcode != null && error != null ? ", " : "") + (error == null ? "" : "\"error\": \"" + error + "\"") + "}";
        return SynapseAnswer.of(response(status, body, Optional.empty()));
    }

    private static Response response(int status, String body, Optional<String> retryAfter) {
        return new Response(status, Optional.empty(), retryAfter, body.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }
}
