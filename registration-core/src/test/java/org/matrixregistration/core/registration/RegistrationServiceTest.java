package org.matrixregistration.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.memory.InMemoryHomeserverAccounts;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

class RegistrationServiceTest {
    private static final String SERVER = "example.org";
    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    private final InMemoryHomeserverAccounts homeserver = new InMemoryHomeserverAccounts();

    private RegistrationService service(HomeserverAccounts accounts, boolean ipLogging) {
        return new RegistrationService(tokens, accounts, UsernameRules.forServer(SERVER), PasswordRules.defaults(),
                ipLogging, clock);
    }

    private RegistrationService service() {
        return service(homeserver, false);
    }

    private void addToken(String name, int maxUses) {
        tokens.add(InviteToken.fresh(new TokenName(name), maxUses == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(maxUses),
                Optional.empty(), "", clock.instant()));
    }

    private InviteToken stored(String name) {
        return tokens.find(new TokenName(name)).orElseThrow();
    }

    /** A homeserver whose every answer is decided by the test. */
    private static HomeserverAccounts answering(Function<NewAccount, AccountCreation> answer) {
        return new HomeserverAccounts() {
            @Override
            public AccountCreation create(NewAccount account) {
                return answer.apply(account);
            }

            @Override
            public Availability availability(UserId userId) {
                return Availability.UNKNOWN;
            }

            @Override
            public Existence exists(UserId userId) {
                return Existence.UNKNOWN;
            }
        };
    }

    @Test
    void registersAnAccountAndRecordsTheUse() {
        addToken("DoubleWizardSki", 1);

        RegistrationOutcome outcome = service().register(
                Registration.of("@Alice:example.org", "correct horse", "correct horse", "DoubleWizardSki"));

        UserId alice = new UserId("alice", SERVER);
        assertThat(outcome).isEqualTo(new RegistrationOutcome.Registered(alice));
        assertThat(homeserver.accounts()).containsExactly(alice);
        assertThat(stored("DoubleWizardSki").completedUses()).isEqualTo(1);
        assertThat(stored("DoubleWizardSki").pendingUses()).isZero();
        assertThat(tokens.uses(new TokenName("DoubleWizardSki"))).singleElement()
                .satisfies(use -> {
                    assertThat(use.userId()).contains("@alice:example.org");
                    assertThat(use.usedAt()).contains(clock.instant());
                });
    }

    @Test
    void sendsTheStrippedLocalpartAndDisplayNameToTheHomeserver() {
        addToken("Token", 1);
        List<NewAccount> sent = new ArrayList<>();
        RegistrationService service = service(answering(account -> {
            sent.add(account);
            return new AccountCreation.Created(account.userId());
        }), false);

        service.register(new Registration("@bob:example.org", "password1", "password1", " Token ",
                Optional.of("  Bob B.  "), Optional.empty()));

        assertThat(sent).singleElement().satisfies(account -> {
            assertThat(account.userId().localpart()).isEqualTo("bob");
            assertThat(account.displayName()).contains("Bob B.");
            assertThat(account.toString()).doesNotContain("password1");
        });
    }

    /**
     * Whether the homeserver enforces the token too is the homeserver port's business: the use case
     * hands every creation the reservation that admitted it, in either token store mode.
     */
    @Test
    void handsTheHomeserverTheReservationThatAdmittedTheAccount() {
        addToken("Presented", 1);
        List<Reservation> presented = new ArrayList<>();
        HomeserverAccounts enforcing = new HomeserverAccounts() {
            @Override
            public AccountCreation create(NewAccount account) {
                throw new AssertionError("a sign-up always names its reservation");
            }

            @Override
            public AccountCreation create(NewAccount account, Reservation admittedBy) {
                presented.add(admittedBy);
                return new AccountCreation.Created(account.userId());
            }

            @Override
            public Availability availability(UserId userId) {
                return Availability.UNKNOWN;
            }

            @Override
            public Existence exists(UserId userId) {
                return Existence.UNKNOWN;
            }
        };

        RegistrationOutcome outcome = service(enforcing, false).register(
                Registration.of("erin", "password1", "password1", "Presented"));

        assertThat(outcome).isEqualTo(new RegistrationOutcome.Registered(new UserId("erin", SERVER)));
        assertThat(presented).singleElement().satisfies(reservation -> {
            assertThat(reservation.token()).isEqualTo(new TokenName("Presented"));
            assertThat(reservation.userId()).isEqualTo(new UserId("erin", SERVER));
        });
        assertThat(stored("Presented").completedUses()).isEqualTo(1);
    }

    @Test
    void recordsTheClientAddressOnlyWhenIpLoggingIsOn() {
        addToken("Logged", 0);
        Registration from = new Registration("carol", "password1", "password1", "Logged", Optional.empty(),
                Optional.of("203.0.113.7"));

        service(homeserver, false).register(from);
        service(homeserver, true).register(new Registration("dave", "password1", "password1", "Logged",
                Optional.empty(), Optional.of("198.51.100.23")));

        assertThat(tokens.uses(new TokenName("Logged"))).extracting(use -> use.clientAddress())
                .containsExactly(Optional.empty(), Optional.of("198.51.100.23"));
    }

    @Test
    void reportsEveryFieldProblemAtOnceAndReservesNothing() {
        RegistrationOutcome outcome = service().register(new Registration("_bad", "short", "other", "",
                Optional.of("x".repeat(Registration.MAX_DISPLAY_NAME_LENGTH + 1)), Optional.empty()));

        assertThat(outcome).isInstanceOf(RegistrationOutcome.InvalidFields.class);
        assertThat(((RegistrationOutcome.InvalidFields) outcome).errors())
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(
                        tuple("username", "username_underscore"),
                        tuple("password", "password_too_short"),
                        tuple("confirm", "password_mismatch"),
                        tuple("displayname", "displayname_too_long"),
                        tuple("token", "token_required"));
        assertThat(homeserver.accounts()).isEmpty();
    }

    @Test
    void acceptsADisplayNameOfTheLongestLength() {
        addToken("Token", 1);

        RegistrationOutcome outcome = service().register(new Registration("bob", "password1", "password1", "Token",
                Optional.of("x".repeat(Registration.MAX_DISPLAY_NAME_LENGTH)), Optional.empty()));

        assertThat(outcome).isEqualTo(new RegistrationOutcome.Registered(new UserId("bob", SERVER)));
    }

    @Test
    void refusesATokenAtTheCheckWithTheOtherFieldsProblemsAndReservesNothing() {
        addToken("Expired", 1);
        tokens.change(new TokenName("Expired"), TokenChanges.NONE.withExpiry(Optional.of(clock.instant())));

        RegistrationOutcome outcome = service().register(Registration.of("_bad", "short", "other", "Expired"));

        assertThat(outcome).isInstanceOfSatisfying(RegistrationOutcome.TokenRefused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(TokenRefusal.EXPIRED);
            assertThat(refused.otherErrors()).extracting(FieldError::field, FieldError::code).containsExactly(
                    tuple("username", "username_underscore"),
                    tuple("password", "password_too_short"),
                    tuple("confirm", "password_mismatch"));
            assertThat(refused.errors()).last().isEqualTo(
                    new FieldError("token", "token_expired", "This invite token has expired."));
        });
        assertThat(homeserver.accounts()).isEmpty();
        assertThat(stored("Expired").countedUses()).isZero();
    }

    @Test
    void refusesATokenAtTheCheckWhenEveryOtherFieldIsFine() {
        addToken("Off", 1);
        tokens.change(new TokenName("Off"), TokenChanges.NONE.withDisabled(true));

        assertThat(service().register(Registration.of("erin", "password1", "password1", "Off")))
                .isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.DISABLED, List.of()));
    }

    @Test
    void reportsAMissingTokenAsAFieldAndAMalformedOrUnknownOneAsRefused() {
        assertThat(fieldCodes(service().register(Registration.of("erin", "password1", "password1", " "))))
                .containsExactly(FieldError.TOKEN_REQUIRED);
        assertThat(service().register(Registration.of("erin", "password1", "password1", "no such/token")))
                .isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.UNKNOWN));
        assertThat(service().register(Registration.of("erin", "password1", "password1", "NoSuchToken")))
                .isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.UNKNOWN));
        assertThat(homeserver.accounts()).isEmpty();
    }

    @Test
    void refusesATokenUsedUpBetweenTheCheckAndTheReservation() {
        addToken("LastUse", 1);
        // Another sign-up takes the only use after this one's field check, just before its reservation.
        RegistrationService service = new RegistrationService(new DelegatingTokens(tokens) {
            @Override
            public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
                tokens.reserve(name, new UserId("quick", SERVER), now);
                return super.reserve(name, userId, now);
            }
        }, answering(account -> {
            throw new AssertionError("the homeserver must not be called");
        }), UsernameRules.forServer(SERVER), PasswordRules.defaults(), false, clock);

        RegistrationOutcome outcome = service.register(Registration.of("frank", "password1", "password1", "LastUse"));

        assertThat(outcome).as("the same shape as a refusal at the check")
                .isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.USED_UP, List.of()));
        assertThat(((RegistrationOutcome.TokenRefused) outcome).errors())
                .containsExactly(new FieldError("token", "token_used_up", "This invite token has already been used up."));
    }

    @Test
    void releasesTheUseWhenTheNameIsTaken() {
        addToken("Single", 1);
        homeserver.create(new NewAccount(new UserId("grace", SERVER), "x", Optional.empty()));

        RegistrationOutcome outcome = service().register(Registration.of("grace", "password1", "password1", "Single"));

        assertThat(outcome).isEqualTo(new RegistrationOutcome.UsernameTaken(new UserId("grace", SERVER)));
        assertThat(stored("Single").countedUses()).isZero();
        assertThat(service().register(Registration.of("heidi", "password1", "password1", "Single")))
                .isEqualTo(new RegistrationOutcome.Registered(new UserId("heidi", SERVER)));
    }

    @Test
    void releasesTheUseWhenTheHomeserverRefusesOrFails() {
        addToken("Single", 1);
        List<AccountCreation> answers = List.of(
                new AccountCreation.Rejected("M_INVALID_USERNAME", "User ID can only contain characters a-z"),
                new AccountCreation.Unavailable("connection refused"),
                new AccountCreation.RateLimited(Optional.of(Duration.ofSeconds(3))),
                new AccountCreation.Misconfigured("the registration shared secret is wrong"));
        List<RegistrationOutcome> outcomes = new ArrayList<>();
        for (AccountCreation answer : answers) {
            outcomes.add(service(answering(account -> answer), false)
                    .register(Registration.of("ivan", "password1", "password1", "Single")));
            assertThat(stored("Single").countedUses()).as("after %s", answer).isZero();
        }

        assertThat(outcomes).containsExactly(
                new RegistrationOutcome.HomeserverRejected("M_INVALID_USERNAME", "User ID can only contain characters a-z"),
                new RegistrationOutcome.HomeserverUnavailable("connection refused", Optional.empty(), false),
                new RegistrationOutcome.HomeserverUnavailable("The homeserver is busy; try again shortly.",
                        Optional.of(Duration.ofSeconds(3)), false),
                new RegistrationOutcome.HomeserverMisconfigured("the registration shared secret is wrong"));
    }

    /** The adapter may have thrown after the account was made: the settler finds out, not a guess. */
    @Test
    void keepsTheUseForTheSettlerWhenTheHomeserverAdapterThrows() {
        addToken("Single", 1);
        RegistrationService service = service(answering(account -> {
            throw new IllegalStateException("bug in the adapter");
        }), false);

        assertThatThrownBy(() -> service.register(Registration.of("judy", "password1", "password1", "Single")))
                .hasMessage("bug in the adapter");
        assertThat(stored("Single").uses()).isEqualTo(new UseCounts(0, 1, 1));
        assertThat(tokens.unsettled(clock.instant(), clock.instant(), 10)).singleElement()
                .satisfies(use -> assertThat(use.reservation().userId()).isEqualTo(new UserId("judy", SERVER)));
    }

    @Test
    void keepsTheUseReservedWhenTheAccountMayExist() {
        addToken("Single", 1);
        RegistrationService service = service(answering(account -> new AccountCreation.Uncertain("timed out")), false);

        RegistrationOutcome outcome = service.register(Registration.of("mallory", "password1", "password1", "Single"));

        assertThat(outcome).isEqualTo(new RegistrationOutcome.HomeserverUnavailable("timed out", Optional.empty(), true));
        assertThat(stored("Single").uses()).as("counting, and reported as unconfirmed").isEqualTo(new UseCounts(0, 1, 1));
        assertThat(tokens.unsettled(clock.instant(), clock.instant(), 10)).as("due for the settler").hasSize(1);
        assertThat(service().register(Registration.of("niaj", "password1", "password1", "Single")))
                .isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.USED_UP));
    }

    @Test
    void stillReportsTheAccountWhenRecordingTheUseFailsAndTheSettlerRecordsItLater() {
        addToken("Single", 1);
        AtomicInteger attempts = new AtomicInteger();
        RegistrationService service = new RegistrationService(new DelegatingTokens(tokens) {
            @Override
            public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
                attempts.incrementAndGet();
                throw new IllegalStateException("database is locked");
            }
        }, homeserver, UsernameRules.forServer(SERVER), PasswordRules.defaults(), false, clock);

        RegistrationOutcome outcome = service.register(Registration.of("olivia", "password1", "password1", "Single"));

        assertThat(outcome).isEqualTo(new RegistrationOutcome.Registered(new UserId("olivia", SERVER)));
        assertThat(attempts.get()).as("recording is retried").isEqualTo(RegistrationService.COMPLETE_ATTEMPTS);
        assertThat(stored("Single").pendingUses()).as("the reservation keeps counting").isEqualTo(1);

        clock.advance(Duration.ofMinutes(11));
        new ReservationSettler(tokens, homeserver, Duration.ofMinutes(10), clock).settleDue();
        assertThat(stored("Single").uses()).isEqualTo(UseCounts.completed(1));
    }

    @Test
    void recordsTheUseWhenTheStoreRecoversWithinTheRetries() {
        addToken("Single", 1);
        AtomicInteger attempts = new AtomicInteger();
        RegistrationService service = new RegistrationService(new DelegatingTokens(tokens) {
            @Override
            public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("database is locked");
                }
                return super.complete(reservation, at, clientAddress);
            }
        }, homeserver, UsernameRules.forServer(SERVER), PasswordRules.defaults(), false, clock);

        service.register(Registration.of("oscar", "password1", "password1", "Single"));

        assertThat(stored("Single").uses()).isEqualTo(UseCounts.completed(1));
    }

    @Test
    void aSingleUseTokenAdmitsExactlyOneOf64ConcurrentSignUps() throws Exception {
        assertThat(concurrentSignUps(1, 64)).isEqualTo(1);
    }

    @Test
    void aFiveUseTokenAdmitsExactlyFiveOf64ConcurrentSignUps() throws Exception {
        assertThat(concurrentSignUps(5, 64)).isEqualTo(5);
    }

    /** Fires {@code attempts} sign-ups at once through a slow homeserver; returns how many registered. */
    private int concurrentSignUps(int limit, int attempts) throws Exception {
        addToken("Contended", limit);
        AtomicInteger homeserverCalls = new AtomicInteger();
        RegistrationService service = service(answering(account -> {
            homeserverCalls.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return homeserver.create(account);
        }), false);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<RegistrationOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String user = "user" + i;
                Callable<RegistrationOutcome> signUp = () -> {
                    start.await();
                    return service.register(Registration.of(user, "password1", "password1", "Contended"));
                };
                futures.add(pool.submit(signUp));
            }
            start.countDown();
            int registered = 0;
            for (Future<RegistrationOutcome> future : futures) {
                RegistrationOutcome outcome = future.get(60, TimeUnit.SECONDS);
                if (outcome instanceof RegistrationOutcome.Registered) {
                    registered++;
                } else {
                    assertThat(outcome).isEqualTo(new RegistrationOutcome.TokenRefused(TokenRefusal.USED_UP));
                }
            }
            assertThat(homeserver.accounts()).hasSize(registered);
            assertThat(homeserverCalls.get()).isEqualTo(registered);
            assertThat(stored("Contended").completedUses()).isEqualTo(registered);
            assertThat(stored("Contended").pendingUses()).isZero();
            return registered;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> fieldCodes(RegistrationOutcome outcome) {
        assertThat(outcome).isInstanceOf(RegistrationOutcome.InvalidFields.class);
        return ((RegistrationOutcome.InvalidFields) outcome).errors().stream().map(FieldError::code).toList();
    }
}
