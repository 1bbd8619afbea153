package org.matrixregistration.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

class RegistrationServiceBuilderTest {
    private static final TokenName TOKEN = new TokenName("Welcome");
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    private final InMemoryHomeserverAccounts homeserver = new InMemoryHomeserverAccounts();

    private RegistrationService.Builder common() {
        return RegistrationService.builder().tokens(tokens).homeserver(homeserver).serverName("example.org");
    }

    private void addToken(boolean requiresApproval) {
        tokens.add(new InviteToken(TOKEN, UsageLimit.UNLIMITED, Optional.empty(), false, "", Instant.EPOCH,
                UseCounts.NONE, requiresApproval));
    }

    private static Registration from(String user, String password, String address) {
        return new Registration(user, password, password, TOKEN.value(), Optional.empty(), Optional.of(address));
    }

    @Test
    void theCommonCaseNeedsTokensHomeserverAndServerNameAndDefaultsTheRest() {
        addToken(false);
        RegistrationService service = common().build();

        assertThat(service.register(from("@alice:other.org", "password1", "203.0.113.7")))
                .as("usernames by Matrix's rules for the server name").isInstanceOf(RegistrationOutcome.InvalidFields.class);
        assertThat(service.register(from("bob", "x".repeat(PasswordRules.DEFAULT_MIN_LENGTH - 1), "203.0.113.7")))
                .as("the default password rules").isInstanceOf(RegistrationOutcome.InvalidFields.class);
        Instant before = Instant.now();
        assertThat(service.register(from("carol", "x".repeat(PasswordRules.DEFAULT_MIN_LENGTH), "203.0.113.7")))
                .isEqualTo(new RegistrationOutcome.Registered(new UserId("carol", "example.org")));
        Instant after = Instant.now();

        TokenUse use = tokens.uses(TOKEN).get(0);
        assertThat(use.clientAddress()).as("no client address recorded by default").isEmpty();
        assertThat(use.usedAt()).as("the system clock by default").hasValueSatisfying(
                at -> assertThat(at).isBetween(before, after));
    }

    @Test
    void refusesATokenThatRequiresApprovalWithoutApprovals() {
        addToken(true);

        assertThat(common().build().register(from("dave", "password1", "203.0.113.7")))
                .isInstanceOf(RegistrationOutcome.HomeserverMisconfigured.class);
        assertThat(tokens.find(TOKEN).orElseThrow().countedUses()).isZero();
    }

    @Test
    void takesEveryOtherSettingByName() {
        addToken(false);
        MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
        RegistrationService service = common()
                .usernames(new UsernameRules("example.org", List.of(Pattern.compile("^[a-z]+$")), List.of()))
                .passwords(new PasswordRules(12))
                .recordClientAddresses(true)
                .clock(clock)
                .build();

        assertThat(service.register(from("erin2", "long enough pass", "203.0.113.7")))
                .isInstanceOf(RegistrationOutcome.InvalidFields.class);
        assertThat(service.register(from("erin", "too short", "203.0.113.7")))
                .isInstanceOf(RegistrationOutcome.InvalidFields.class);
        assertThat(service.register(from("erin", "long enough pass", "203.0.113.7")))
                .isEqualTo(new RegistrationOutcome.Registered(new UserId("erin", "example.org")));
        assertThat(tokens.uses(TOKEN)).singleElement().satisfies(use -> {
            assertThat(use.clientAddress()).hasValue("203.0.113.7");
            assertThat(use.usedAt()).hasValue(clock.instant());
        });
    }

    @Test
    void namesEveryMissingPart() {
        assertThatThrownBy(() -> RegistrationService.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("RegistrationService.builder() needs tokens(InviteTokens), homeserver(HomeserverAccounts),"
                        + " serverName(String) or usernames(UsernameRules)");
        assertThatThrownBy(() -> RegistrationService.builder().tokens(tokens).serverName("example.org").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("RegistrationService.builder() needs homeserver(HomeserverAccounts)");
    }

    @Test
    void refusesNullAndAnEmptyServerName() {
        assertThatNullPointerException().isThrownBy(() -> RegistrationService.builder().tokens(null)).withMessage("tokens");
        assertThatNullPointerException().isThrownBy(() -> RegistrationService.builder().clock(null)).withMessage("clock");
        assertThatThrownBy(() -> RegistrationService.builder().serverName(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server_name");
    }
}
