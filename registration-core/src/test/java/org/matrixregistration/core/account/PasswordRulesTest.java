package org.matrixregistration.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordRulesTest {
    private final PasswordRules rules = PasswordRules.defaults();

    @ParameterizedTest(name = "\"{0}\" / \"{1}\" -> {2}")
    @CsvSource(nullValues = "NONE", value = {
            "correcthorse, correcthorse, NONE",
            "12345678, 12345678, NONE",
            "'', '', password_required",
            "NONE, NONE, password_required",
            "short, short, password_too_short",
            "1234567, 1234567, password_too_short",
            "correcthorse, correcthorsf, password_mismatch",
            "correcthorse, '', password_mismatch",
            "ünïcødé!, ünïcødé!, NONE"})
    void checksLengthAndConfirmation(String password, String confirmation, String expectedCode) {
        var problems = rules.check(password, confirmation);

        if (expectedCode == null) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).extracting(PasswordRules.Problem::code).containsExactly(expectedCode);
        }
    }

    @Test
    void countsCharactersNotUtf16Units() {
        String eightEmoji = "😀".repeat(8);

        assertThat(rules.check(eightEmoji, eightEmoji)).isEmpty();
    }

    @Test
    void refusesPasswordsSynapseWouldRefuse() {
        String tooLong = "x".repeat(513);

        assertThat(rules.check("x".repeat(512), "x".repeat(512))).isEmpty();
        assertThat(rules.check(tooLong, tooLong)).extracting(PasswordRules.Problem::code).containsExactly("password_too_long");
    }

    @Test
    void reportsLengthAndMismatchTogether() {
        assertThat(rules.check("short", "other")).extracting(PasswordRules.Problem::field).containsExactly("password", "confirm");
    }

    @Test
    void honoursTheConfiguredMinimum() {
        PasswordRules strict = new PasswordRules(16);

        assertThat(strict.check("fifteen-chars!!", "fifteen-chars!!")).extracting(PasswordRules.Problem::message)
                .containsExactly("The password must have at least 16 characters.");
        assertThatThrownBy(() -> new PasswordRules(0)).hasMessageContaining("password.min_length");
    }
}
