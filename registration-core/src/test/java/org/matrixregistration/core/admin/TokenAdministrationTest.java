package org.matrixregistration.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.memory.InMemoryInviteTokens;
import org.matrixregistration.core.testing.MutableClock;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.UsageLimit;

class TokenAdministrationTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
    private final InMemoryInviteTokens tokens = new InMemoryInviteTokens();
    private final Deque<String> names = new ArrayDeque<>();
    private final TokenAdministration admin = new TokenAdministration(tokens, () -> new TokenName(names.pop()), clock);

    @Test
    void createsATokenWithAGeneratedName() {
        names.add("DoubleWizardSki");
        Instant expiry = Instant.parse("2026-12-31T00:00:00Z");

        CreateOutcome outcome = admin.create(new NewToken(Optional.empty(), UsageLimit.of(1), Optional.of(expiry), "for my sister"));

        InviteToken expected = InviteToken.fresh(new TokenName("DoubleWizardSki"), UsageLimit.of(1), Optional.of(expiry),
                "for my sister", clock.instant());
        assertThat(outcome).isEqualTo(new CreateOutcome.Created(expected));
        assertThat(admin.get(new TokenName("DoubleWizardSki"))).contains(expected);
    }

    @Test
    void drawsAnotherNameWhenAGeneratedOneIsTaken() {
        tokens.add(InviteToken.fresh(new TokenName("Taken"), UsageLimit.UNLIMITED, Optional.empty(), "", clock.instant()));
        names.addAll(List.of("Taken", "Free"));

        CreateOutcome outcome = admin.create(NewToken.generated(UsageLimit.UNLIMITED));

        assertThat(((CreateOutcome.Created) outcome).token().name()).isEqualTo(new TokenName("Free"));
    }

    @Test
    void givesUpRatherThanLoopingForeverOnCollisions() {
        tokens.add(InviteToken.fresh(new TokenName("Taken"), UsageLimit.UNLIMITED, Optional.empty(), "", clock.instant()));
        TokenAdministration stuck = new TokenAdministration(tokens, () -> new TokenName("Taken"), clock);

        assertThatThrownBy(() -> stuck.create(NewToken.generated(UsageLimit.UNLIMITED)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("word list is too small");
    }

    @Test
    void createsATokenWithAChosenNameOnce() {
        NewToken chosen = new NewToken(Optional.of(new TokenName("family-2026")), UsageLimit.of(10), Optional.empty(), "");

        assertThat(admin.create(chosen)).isInstanceOf(CreateOutcome.Created.class);
        assertThat(admin.create(chosen)).isEqualTo(new CreateOutcome.NameTaken(new TokenName("family-2026")));
    }

    @Test
    void refusesATokenThatExpiresBeforeItCouldBeUsed() {
        NewToken past = new NewToken(Optional.of(new TokenName("Late")), UsageLimit.of(1),
                Optional.of(clock.instant().minus(Duration.ofDays(1))), "");

        assertThat(admin.create(past)).isEqualTo(new CreateOutcome.AlreadyExpired(new TokenName("Late")));
        assertThat(admin.get(new TokenName("Late"))).isEmpty();
    }

    @Test
    void updatesSettingsAndDisables() {
        names.add("Adjustable");
        admin.create(NewToken.generated(UsageLimit.of(1)));

        UpdateOutcome updated = admin.update(new TokenName("Adjustable"),
                TokenChanges.NONE.withLimit(UsageLimit.of(3)).withNote("cousins"));
        Optional<InviteToken> disabled = admin.disable(new TokenName("Adjustable"));

        assertThat(updated).isInstanceOfSatisfying(UpdateOutcome.Updated.class, done -> {
            assertThat(done.token().limit()).isEqualTo(UsageLimit.of(3));
            assertThat(done.token().note()).isEqualTo("cousins");
        });
        assertThat(disabled.orElseThrow().disabled()).isTrue();
        assertThat(disabled.orElseThrow().isActiveAt(clock.instant())).isFalse();
        assertThat(admin.update(new TokenName("Adjustable"), TokenChanges.NONE))
                .isEqualTo(new UpdateOutcome.Updated(disabled.orElseThrow()));
        assertThat(admin.update(new TokenName("Missing"), TokenChanges.NONE.withDisabled(true)))
                .isInstanceOf(UpdateOutcome.NotFound.class);
        assertThat(admin.disable(new TokenName("Missing"))).isEmpty();
    }

    @Test
    void refusesApprovalWhileAccountsCannotBeLocked() {
        names.add("NoApproval");
        admin.create(NewToken.generated(UsageLimit.of(1)));

        assertThat(admin.approvalAvailable()).isFalse();
        assertThat(admin.create(new NewToken(Optional.empty(), UsageLimit.of(1), Optional.empty(), "", true)))
                .isInstanceOf(CreateOutcome.ApprovalUnavailable.class);
        assertThat(admin.update(new TokenName("NoApproval"), TokenChanges.NONE.withRequiresApproval(true)))
                .isInstanceOf(UpdateOutcome.ApprovalUnavailable.class);
        assertThat(tokens.find(new TokenName("NoApproval")).orElseThrow().requiresApproval()).isFalse();

        TokenAdministration withApproval = new TokenAdministration(tokens, () -> new TokenName("Approved"), clock, true);
        assertThat(withApproval.create(new NewToken(Optional.empty(), UsageLimit.of(1), Optional.empty(), "", true)))
                .isInstanceOfSatisfying(CreateOutcome.Created.class, created ->
                        assertThat(created.token().requiresApproval()).isTrue());
    }

    @Test
    void listsByActivityAtTheCurrentTime() {
        names.addAll(List.of("Soon", "Later"));
        admin.create(new NewToken(Optional.empty(), UsageLimit.UNLIMITED, Optional.of(clock.instant().plusSeconds(60)), ""));
        admin.create(NewToken.generated(UsageLimit.UNLIMITED));

        clock.advance(Duration.ofMinutes(2));

        assertThat(admin.list(TokenQuery.all().withStatus(TokenQuery.Status.ACTIVE)).items()).extracting(t -> t.name().value())
                .containsExactly("Later");
        assertThat(admin.list(TokenQuery.all().withStatus(TokenQuery.Status.INACTIVE)).items()).extracting(t -> t.name().value())
                .containsExactly("Soon");
    }

    @Test
    void deletesAndListsUses() {
        names.add("Used");
        admin.create(NewToken.generated(UsageLimit.UNLIMITED));
        Reservation reservation = (Reservation) tokens.reserve(new TokenName("Used"),
                new org.matrixregistration.core.account.UserId("alice", "example.org"), clock.instant());
        tokens.complete(reservation, clock.instant(), Optional.empty());

        assertThat(admin.uses(new TokenName("Used")).orElseThrow()).hasSize(1);
        assertThat(admin.uses(new TokenName("Missing"))).isEmpty();
        assertThat(admin.delete(new TokenName("Used"))).isTrue();
        assertThat(admin.delete(new TokenName("Used"))).isFalse();
    }

    @Test
    void refusesAnOverlongNote() {
        assertThatThrownBy(() -> new NewToken(Optional.empty(), UsageLimit.UNLIMITED, Optional.empty(), "x".repeat(1001)))
                .hasMessageContaining("at most 1000 characters");
    }
}
