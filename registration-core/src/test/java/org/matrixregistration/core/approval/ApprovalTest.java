package org.matrixregistration.core.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.memory.InMemoryRegistrationRequests;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.registration.RegistrationService;
import org.matrixregistration.core.registration.ReservationSettler;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

/** Sign-ups with a token that requires approval, and the decisions on them, over the in-memory ports. */
class ApprovalTest {
    private static final TokenName TOKEN = new TokenName("AskFirst");
    private static final UserId ALICE = new UserId("alice", "example.org");

    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    private final InMemoryRegistrationRequests requests = new InMemoryRegistrationRequests();
    private final InMemoryHomeserverAccounts homeserver = new InMemoryHomeserverAccounts();
    private final List<String> said = new ArrayList<>();
    private final Announcements room = new Announcements() {
        @Override
        public Optional<String> announce(String text) {
            said.add(text);
            return Optional.of("$notice" + said.size());
        }

        @Override
        public void reply(String noticeId, String text) {
            said.add(noticeId + " <- " + text);
        }
    };
    private final RequestNotices notices = new RequestNotices(room, requests, Runnable::run,
            Optional.of("https://chat.example.org/admin/requests"));
    private final FlakyAccounts flaky = new FlakyAccounts();
    private final RequestDecisions decisions =
            new RequestDecisions(requests, tokens, flaky, notices, Duration.ofDays(14), clock);

    /** The in-memory homeserver, with steps a test can make fail. */
    private final class FlakyAccounts implements LockedAccounts {
        final AtomicBoolean lockFails = new AtomicBoolean();
        final AtomicBoolean unlockFails = new AtomicBoolean();
        final AtomicBoolean eraseFails = new AtomicBoolean();

        @Override
        public AccountCreation createLocked(NewAccount account) {
            if (lockFails.get()) {
                homeserver.create(account);
                return new AccountCreation.Uncertain("locking failed");
            }
            return homeserver.createLocked(account);
        }

        @Override
        public boolean unlock(UserId userId) {
            return !unlockFails.get() && homeserver.unlock(userId);
        }

        @Override
        public boolean erase(UserId userId) {
            return !eraseFails.get() && homeserver.erase(userId);
        }
    }

    private RegistrationService service() {
        return new RegistrationService(tokens, homeserver, UsernameRules.forServer("example.org"), PasswordRules.defaults(),
                false, clock, Optional.of(new ApprovalSignUp(requests, tokens, flaky, notices, clock)));
    }

    private void token(int uses) {
        tokens.add(new InviteToken(TOKEN, UsageLimit.of(uses), Optional.empty(), false, "for the choir", clock.instant(),
                UseCounts.NONE, true));
    }

    private RegistrationOutcome signUp(String user) {
        return service().register(Registration.of(user, "password1", "password1", TOKEN.value()));
    }

    private UseCounts uses() {
        return tokens.find(TOKEN).orElseThrow().uses();
    }

    private RegistrationRequest only() {
        return requests.list(Optional.empty(), 10).get(0);
    }

    @Test
    void aSignUpMakesALockedAccountAndAPendingRequestThatHoldsTheUse() {
        token(1);

        RegistrationOutcome outcome = signUp("alice");

        assertThat(outcome).isInstanceOfSatisfying(RegistrationOutcome.AwaitingApproval.class,
                awaiting -> assertThat(awaiting.userId()).isEqualTo(ALICE));
        assertThat(homeserver.isLocked(ALICE)).isTrue();
        assertThat(only().status()).isEqualTo(RequestStatus.PENDING);
        assertThat(uses()).as("counts, but is not unconfirmed").isEqualTo(new UseCounts(0, 1, 0));
        assertThat(signUp("bob")).as("the only use is taken")
                .isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.USED_UP));
        assertThat(said).singleElement().asString()
                .contains("@alice:example.org", "AskFirst", "for the choir", "https://chat.example.org/admin/requests");
        assertThat(only().noticeId()).contains("$notice1");
    }

    @Test
    void approvingUnlocksTheAccountAndRecordsTheUse() {
        token(1);
        signUp("alice");

        Decision decision = decisions.approve(only().id());

        assertThat(decision).isInstanceOf(Decision.Done.class);
        assertThat(homeserver.isLocked(ALICE)).isFalse();
        assertThat(uses()).isEqualTo(UseCounts.completed(1));
        assertThat(tokens.uses(TOKEN)).extracting(use -> use.userId().orElseThrow()).containsExactly("@alice:example.org");
        assertThat(only().status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(said).last().asString().isEqualTo("$notice1 <- Approved: @alice:example.org can sign in now.");
    }

    @Test
    void denyingErasesTheAccountAndGivesTheUseBack() {
        token(1);
        signUp("alice");

        Decision decision = decisions.deny(only().id(), Optional.of("not someone we know"));

        assertThat(decision).isInstanceOf(Decision.Done.class);
        assertThat(homeserver.isErased(ALICE)).isTrue();
        assertThat(uses()).isEqualTo(UseCounts.NONE);
        assertThat(only().reason()).contains("not someone we know");
        assertThat(signUp("bob")).as("the use is free again").isInstanceOf(RegistrationOutcome.AwaitingApproval.class);
    }

    @Test
    void oneDecisionWinsAndTheOtherIsAConflict() {
        token(1);
        signUp("alice");
        String id = only().id();

        assertThat(decisions.approve(id)).isInstanceOf(Decision.Done.class);
        assertThat(decisions.deny(id, Optional.empty())).isInstanceOf(Decision.Conflict.class);
        assertThat(decisions.approve(id)).isInstanceOf(Decision.Conflict.class);
        assertThat(decisions.approve("no-such-request")).isInstanceOf(Decision.NotFound.class);
        assertThat(homeserver.isErased(ALICE)).isFalse();
    }

    @Test
    void aFailedUnlockNeedsAttentionAndApprovingAgainFinishesIt() {
        token(1);
        signUp("alice");
        flaky.unlockFails.set(true);

        Decision first = decisions.approve(only().id());
        assertThat(first).isInstanceOf(Decision.Incomplete.class);
        assertThat(only().status()).isEqualTo(RequestStatus.NEEDS_ATTENTION);
        assertThat(only().attention()).contains(Attention.UNLOCK);
        assertThat(decisions.deny(only().id(), Optional.empty())).as("approved is approved").isInstanceOf(Decision.Conflict.class);

        flaky.unlockFails.set(false);
        assertThat(decisions.approve(only().id())).isInstanceOf(Decision.Done.class);
        assertThat(homeserver.isLocked(ALICE)).isFalse();
        assertThat(uses()).isEqualTo(UseCounts.completed(1));
    }

    @Test
    void aSignUpThatFailsHalfWayIsUndoneAndThePersonMayTryAgain() {
        token(1);
        flaky.lockFails.set(true);

        RegistrationOutcome outcome = signUp("alice");

        assertThat(outcome).isInstanceOfSatisfying(RegistrationOutcome.HomeserverUnavailable.class,
                unavailable -> assertThat(unavailable.useStillReserved()).isFalse());
        assertThat(homeserver.isErased(ALICE)).as("the half-made account is gone").isTrue();
        assertThat(uses()).isEqualTo(UseCounts.NONE);
        assertThat(homeserver.accounts()).isEmpty();
    }

    @Test
    void aHalfMadeAccountThatCannotBeUndoneNeedsAttentionAndDenyingCleansUp() {
        token(1);
        flaky.lockFails.set(true);
        flaky.eraseFails.set(true);

        RegistrationOutcome outcome = signUp("alice");

        assertThat(outcome).isInstanceOfSatisfying(RegistrationOutcome.HomeserverUnavailable.class,
                unavailable -> assertThat(unavailable.useStillReserved()).isTrue());
        assertThat(only().attention()).contains(Attention.UNFINISHED);
        assertThat(decisions.approve(only().id())).as("an unfinished account cannot be approved")
                .isInstanceOf(Decision.Conflict.class);
        assertThat(uses().pending()).isEqualTo(1);

        flaky.eraseFails.set(false);
        assertThat(decisions.deny(only().id(), Optional.empty())).isInstanceOf(Decision.Done.class);
        assertThat(homeserver.accounts()).isEmpty();
        assertThat(uses()).isEqualTo(UseCounts.NONE);
    }

    @Test
    void aNameTakenMakesNoRequestAndFreesTheUse() {
        token(1);
        homeserver.create(new NewAccount(ALICE, "x", Optional.empty()));

        assertThat(signUp("alice")).isInstanceOf(RegistrationOutcome.UsernameTaken.class);

        assertThat(requests.list(Optional.empty(), 10)).isEmpty();
        assertThat(uses()).isEqualTo(UseCounts.NONE);
    }

    @Test
    void pendingRequestsExpireAsDeniedAfterFourteenDays() {
        token(2);
        signUp("alice");
        clock.advance(Duration.ofDays(13));
        signUp("bob");

        assertThat(decisions.expirePending()).isZero();
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(decisions.expirePending()).isEqualTo(1);

        assertThat(requests.list(Optional.of(RequestStatus.DENIED), 10)).singleElement().satisfies(request -> {
            assertThat(request.userId()).isEqualTo(ALICE);
            assertThat(request.reason()).contains("not decided within 14 days");
        });
        assertThat(homeserver.isErased(ALICE)).isTrue();
        assertThat(uses()).isEqualTo(new UseCounts(0, 1, 0));
    }

    @Test
    void theSettlerLeavesUndecidedRequestsAloneAndSettlesDecidedOnes() {
        token(2);
        signUp("alice");
        signUp("bob");
        ReservationSettler settler = new ReservationSettler(tokens, homeserver, Duration.ofMinutes(10), clock,
                Optional.of(requests));
        clock.advance(Duration.ofHours(1));

        assertThat(settler.settleDue().total()).as("awaiting a decision: not the settler's").isZero();
        assertThat(uses()).isEqualTo(new UseCounts(0, 2, 0));
    }

    @Test
    void aReservationWithoutARequestMadeNoAccountAndIsReleased() {
        token(1);
        tokens.reserve(TOKEN, ALICE, clock.instant());
        ReservationSettler settler = new ReservationSettler(tokens, homeserver, Duration.ofMinutes(10), clock,
                Optional.of(requests));
        clock.advance(Duration.ofMinutes(11));

        assertThat(settler.settleDue().released()).isEqualTo(1);
        assertThat(uses()).isEqualTo(UseCounts.NONE);
    }
}
