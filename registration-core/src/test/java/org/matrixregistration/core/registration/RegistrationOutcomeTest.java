package org.matrixregistration.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.TokenRefusal;

class RegistrationOutcomeTest {
    private static final FieldError SHORT = new FieldError("password", "password_too_short", "Too short.");

    @Test
    void theRefusalCodesAreTheWireStrings() {
        assertThat(Arrays.stream(TokenRefusal.values()).map(TokenRefusal::code))
                .containsExactly("token_unknown", "token_disabled", "token_expired", "token_used_up");
    }

    @Test
    void aRefusedTokenShowsTheOtherProblemsThenItsOwn() {
        RegistrationOutcome.TokenRefused refused = new RegistrationOutcome.TokenRefused(TokenRefusal.EXPIRED, List.of(SHORT));

        assertThat(refused.errors()).containsExactly(SHORT,
                new FieldError("token", "token_expired", "This invite token has expired."));
        assertThat(new RegistrationOutcome.TokenRefused(TokenRefusal.USED_UP).otherErrors()).isEmpty();
    }

    @Test
    void aRefusedTokenHasOneShapeOnly() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RegistrationOutcome.InvalidFields(
                List.of(SHORT, FieldError.of(TokenRefusal.UNKNOWN))));
        assertThatIllegalArgumentException().isThrownBy(() -> new RegistrationOutcome.TokenRefused(TokenRefusal.UNKNOWN,
                List.of(new FieldError("token", FieldError.TOKEN_REQUIRED, "Enter your invite token."))));
        assertThat(new RegistrationOutcome.InvalidFields(List.of(
                new FieldError("token", FieldError.TOKEN_REQUIRED, "Enter your invite token."))).errors()).hasSize(1);
    }
}
