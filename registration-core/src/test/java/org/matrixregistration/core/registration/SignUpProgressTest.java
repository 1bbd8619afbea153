package org.matrixregistration.core.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/** What the use case tells a caller before a sign-up ends, and when. */
class SignUpProgressTest {
    private static final String PASSWORD = "correct horse battery staple";
    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    private final List<String> events = new ArrayList<>();
    private final InMemoryHomeserverAccounts accounts = new InMemoryHomeserverAccounts();
    private final HomeserverAccounts homeserver = new HomeserverAccounts() {
        @Override
        public AccountCreation create(NewAccount account) {
            events.add("homeserver asked");
            return accounts.create(account);
        }

        @Override
        public Availability availability(UserId userId) {
            return accounts.availability(userId);
        }

        @Override
        public Existence exists(UserId userId) {
            return accounts.exists(userId);
        }
    };
    private final RegisterAccount signUps = RegistrationService.builder()
            .tokens(tokens).homeserver(homeserver).serverName("example.org").clock(clock).build();

    private RegistrationOutcome signUp(String username, String token) {
        return signUps.register(Registration.of(username, PASSWORD, token), () -> events.add("token exists"));
    }

    private void token(String name, int uses) {
        tokens.add(InviteToken.fresh(new TokenName(name), UsageLimit.of(uses), Optional.empty(), "", clock.instant()));
    }

    @Test
    void anExistingTokenIsToldOnceBeforeTheHomeserverIsAsked() {
        token("DoubleWizardSki", 1);

        assertThat(signUp("alice", "DoubleWizardSki")).isInstanceOf(RegistrationOutcome.Registered.class);

        assertThat(events).containsExactly("token exists", "homeserver asked");
    }

    @Test
    void aUsedUpTokenExistsToo() {
        token("DoubleWizardSki", 1);
        signUp("alice", "DoubleWizardSki");
        events.clear();

        assertThat(signUp("bob", "DoubleWizardSki")).isInstanceOf(RegistrationOutcome.TokenRefused.class);

        assertThat(events).containsExactly("token exists");
    }

    @Test
    void aTokenThatDoesNotExistOrCannotIsNeverTold() {
        assertThat(signUp("alice", "NoSuchToken")).isInstanceOf(RegistrationOutcome.TokenRefused.class);
        assertThat(signUp("alice", "not a token name!")).isInstanceOf(RegistrationOutcome.TokenRefused.class);
        assertThat(signUp("alice", " ")).isInstanceOf(RegistrationOutcome.InvalidFields.class);

        assertThat(events).isEmpty();
    }

    @Test
    void aCallerThatAsksWithoutProgressIsServedAlike() {
        token("DoubleWizardSki", 1);

        assertThat(signUps.register(Registration.of("alice", PASSWORD, "DoubleWizardSki")))
                .isInstanceOf(RegistrationOutcome.Registered.class);
        assertThat(events).containsExactly("homeserver asked");
    }
}
