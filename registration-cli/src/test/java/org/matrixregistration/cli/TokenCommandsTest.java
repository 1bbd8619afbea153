package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.TokenUse;

class TokenCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(home);
    }

    @Test
    void createShowsTheTokenAndItsInviteLink() {
        cli.environment.nextNames.add("DoubleWizardSki");
        cli.environment.publicUrl = Optional.of(URI.create("https://chat.example.org"));

        Cli.Result result = cli.runWithConfig("token", "create", "--uses", "3", "--expires", "2026-12-31",
                "--note", "for my sister");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Name:        DoubleWizardSki
                State:       active
                Uses:        0 of 3
                Expires:     2026-12-31 00:00 Europe/Berlin
                Created:     2026-06-01 14:00 Europe/Berlin
                Note:        for my sister
                Invite link: https://chat.example.org/register?token=DoubleWizardSki
                """);
        InviteToken token = token("DoubleWizardSki");
        assertThat(token.limit()).isEqualTo(UsageLimit.of(3));
        assertThat(token.note()).isEqualTo("for my sister");
    }

    @Test
    void createWithoutAPublicUrlPrintsNoLink() {
        cli.environment.nextNames.add("DoubleWizardSki");

        Cli.Result result = cli.runWithConfig("token", "create");

        assertThat(result.out()).doesNotContain("Invite link").contains("Uses:        0 of 1\n")
                .contains("Expires:     never\n");
    }

    @Test
    void createUnderstandsEveryFormOfExpiry() {
        cli.environment.nextNames.addAll(List.of("Local", "Offset", "Week", "Hours", "Never"));

        cli.runWithConfig("token", "create", "--expires", "2026-12-31T18:00");
        cli.runWithConfig("token", "create", "--expires", "2026-12-31T18:00+01:00");
        cli.runWithConfig("token", "create", "--expires", "7d");
        cli.runWithConfig("token", "create", "--expires=12h");
        cli.runWithConfig("token", "create", "--expires", "never");

        assertThat(token("Local").expiresAt()).contains(Instant.parse("2026-12-31T17:00:00Z"));
        assertThat(token("Offset").expiresAt()).contains(Instant.parse("2026-12-31T17:00:00Z"));
        assertThat(token("Week").expiresAt()).contains(Instant.parse("2026-06-08T12:00:00Z"));
        assertThat(token("Hours").expiresAt()).contains(Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(token("Never").expiresAt()).isEmpty();
    }

    @Test
    void createWithAChosenNameKeepsItsCase() {
        Cli.Result result = cli.runWithConfig("token", "create", "--name", "Family-2026", "--uses", "unlimited");

        assertThat(result.exitCode()).isZero();
        assertThat(token("Family-2026").limit().isUnlimited()).isTrue();
        assertThat(cli.environment.store.find(new TokenName("family-2026"))).isEmpty();
    }

    @Test
    void createFailsWhenTheChosenNameIsTaken() {
        cli.runWithConfig("token", "create", "--name", "family");

        Cli.Result again = cli.runWithConfig("token", "create", "--name", "family");

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: A token named family exists already; choose another --name\n");
    }

    @Test
    void createRefusesAnInvalidNameAsAUsageError() {
        Cli.Result result = cli.runWithConfig("token", "create", "--name", "no spaces/please");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Invalid value for option '--name': A token name has 1 to 64 characters")
                .hasLineCount(1);
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void createRefusesANoteThatIsTooLong() {
        Cli.Result result = cli.runWithConfig("token", "create", "--note", "x".repeat(NewToken.MAX_NOTE_LENGTH + 1));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--note': at most 1000 characters");
    }

    @Test
    void createWithJsonPrintsTheTokenObject() throws Exception {
        cli.environment.nextNames.add("DoubleWizardSki");
        cli.environment.publicUrl = Optional.of(URI.create("https://example.org/matrix/"));

        Cli.Result result = cli.runWithConfig("token", "create", "--json", "--expires", "2026-12-31");

        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("name").asText()).isEqualTo("DoubleWizardSki");
        assertThat(json.get("expiration_date").asText()).isEqualTo("2026-12-31 00:00:00");
        assertThat(json.get("expires_at").asText()).isEqualTo("2026-12-30T23:00:00Z");
        assertThat(json.get("invite_url").asText()).isEqualTo("https://example.org/matrix/register?token=DoubleWizardSki");
        assertThat(json.get("active").asBoolean()).isTrue();
    }

    @Test
    void listNamesEachTokensStateInATable() {
        create("Open", UsageLimit.UNLIMITED, "for everyone");
        create("Spent", UsageLimit.of(1));
        register("Spent", "@alice:example.org", null);
        create("Switched-off", UsageLimit.of(1));
        cli.environment.tokens.disable(new TokenName("Switched-off"));
        cli.environment.tokens.create(new NewToken(Optional.of(new TokenName("Late")), UsageLimit.of(2),
                Optional.of(Instant.parse("2026-06-01T13:00:00Z")), ""));
        cli.environment.clock.advance(Duration.ofHours(2));

        Cli.Result result = cli.runWithConfig("token", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                NAME          STATE     USES         EXPIRES           NOTE
                Late          expired   0/2          2026-06-01 15:00
                Open          active    0/unlimited  never             for everyone
                Spent         used up   1/1          never
                Switched-off  disabled  0/1          never

                4 tokens, 1 active. Times are in Europe/Berlin.
                """);
    }

    @Test
    void listFiltersActiveAndInactiveTokens() {
        create("Open", UsageLimit.of(1));
        create("Closed", UsageLimit.of(1));
        cli.environment.tokens.disable(new TokenName("Closed"));

        assertThat(cli.runWithConfig("token", "list", "--active").out()).contains("Open").doesNotContain("Closed")
                .contains("1 token, 1 active.");
        assertThat(cli.runWithConfig("token", "list", "--inactive").out()).contains("Closed  disabled")
                .doesNotContain("Open");
        assertThat(cli.runWithConfig("token", "list", "--active", "--inactive").exitCode()).isEqualTo(2);
    }

    @Test
    void listShowsUsesInFlightAndCleansNotes() {
        create("Busy", UsageLimit.of(2), "line one\nline two\u001b[31m");
        cli.environment.store.reserve(new TokenName("Busy"),
                new org.matrixregistration.core.account.UserId("busy", "example.org"), cli.environment.clock.instant());

        Cli.Result result = cli.runWithConfig("token", "list");

        assertThat(result.outLines().get(1)).isEqualTo("Busy  active  0/2 +1 in flight  never    line one line two [31m");
    }

    @Test
    void listWithJsonPrintsAnArrayOfTokenObjects() throws Exception {
        create("First", UsageLimit.of(1));
        register("First", "@alice:example.org", "192.0.2.1");
        create("Second", UsageLimit.UNLIMITED);

        JsonNode json = JSON.readTree(cli.runWithConfig("token", "list", "--json").out());

        assertThat(json.isArray()).isTrue();
        assertThat(json.get(0).get("name").asText()).isEqualTo("First");
        assertThat(json.get(0).get("ips").get(0).asText()).isEqualTo("192.0.2.1");
        assertThat(json.get(0).get("active").asBoolean()).isFalse();
        assertThat(json.get(1).get("max_usage").asInt()).isZero();
        List<String> keys = new java.util.ArrayList<>();
        json.get(1).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "used", "expiration_date", "max_usage", "ips", "disabled", "active",
                "note", "requires_approval", "pending", "unconfirmed", "created_at", "expires_at");
    }

    @Test
    void showPrintsDetailsAndUses() {
        create("DoubleWizardSki", UsageLimit.of(5), "for the family");
        cli.environment.clock.advance(Duration.ofHours(1));
        register("DoubleWizardSki", "@alice:example.org", "192.0.2.1");
        cli.environment.store.addWithUses(
                InviteToken.fresh(new TokenName("Imported"), UsageLimit.UNLIMITED, Optional.empty(), "",
                        cli.environment.clock.instant()),
                List.of(new TokenUse(new TokenName("Imported"), Optional.empty(), Optional.empty(), Optional.of("10.0.0.1"))));

        Cli.Result result = cli.runWithConfig("token", "show", "DoubleWizardSki");
        Cli.Result imported = cli.runWithConfig("token", "show", "Imported");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                Name:        DoubleWizardSki
                State:       active
                Uses:        1 of 5
                Expires:     never
                Created:     2026-06-01 14:00 Europe/Berlin
                Note:        for the family

                USED AT           USER                CLIENT ADDRESS
                2026-06-01 15:00  @alice:example.org  192.0.2.1
                """);
        assertThat(imported.outLines()).endsWith("USED AT  USER  CLIENT ADDRESS", "-        -     10.0.0.1");
    }

    @Test
    void showWithJsonIncludesTheUses() throws Exception {
        create("DoubleWizardSki", UsageLimit.of(5));
        register("DoubleWizardSki", "@alice:example.org", null);

        JsonNode json = JSON.readTree(cli.runWithConfig("token", "show", "DoubleWizardSki", "--json").out());

        assertThat(json.get("used").asInt()).isEqualTo(1);
        JsonNode use = json.get("uses").get(0);
        assertThat(use.get("user_id").asText()).isEqualTo("@alice:example.org");
        assertThat(use.get("used_at").asText()).isEqualTo("2026-06-01T12:00:00Z");
        assertThat(use.get("client_address").isNull()).isTrue();
    }

    @Test
    void showOfANewTokenSaysItHasNoUses() {
        create("Fresh", UsageLimit.of(1));

        assertThat(cli.runWithConfig("token", "show", "Fresh").outLines()).endsWith("", "No recorded uses.");
    }

    @Test
    void updateChangesOnlyWhatIsGiven() {
        create("DoubleWizardSki", UsageLimit.of(1), "old note");
        register("DoubleWizardSki", "@alice:example.org", null);

        Cli.Result result = cli.runWithConfig("token", "update", "DoubleWizardSki", "--uses", "3", "--expires", "7d");

        assertThat(result.exitCode()).isZero();
        InviteToken token = token("DoubleWizardSki");
        assertThat(token.limit()).isEqualTo(UsageLimit.of(3));
        assertThat(token.expiresAt()).contains(Instant.parse("2026-06-08T12:00:00Z"));
        assertThat(token.note()).isEqualTo("old note");
        assertThat(token.completedUses()).isEqualTo(1);
        assertThat(result.out()).contains("Uses:        1 of 3\n").contains("Expires:     2026-06-08 14:00 Europe/Berlin\n");
    }

    @Test
    void updateRemovesExpiryAndNoteAndSwitchesTheTokenOffAndOn() {
        create("DoubleWizardSki", UsageLimit.of(1), "a note");
        cli.runWithConfig("token", "update", "DoubleWizardSki", "--expires", "2026-12-31");

        cli.runWithConfig("token", "update", "DoubleWizardSki", "--expires", "never", "--note", "", "--disable");
        assertThat(token("DoubleWizardSki").expiresAt()).isEmpty();
        assertThat(token("DoubleWizardSki").note()).isEmpty();
        assertThat(token("DoubleWizardSki").disabled()).isTrue();

        cli.runWithConfig("token", "update", "DoubleWizardSki", "--enable");
        assertThat(token("DoubleWizardSki").disabled()).isFalse();
    }

    @Test
    void updateWithoutChangesIsAUsageErrorThatNeedsNoConfig() {
        Cli.Result result = cli.runWithConfig("token", "update", "DoubleWizardSki");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Nothing to change").hasLineCount(1);
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void updateOfAnUnknownTokenFails() {
        Cli.Result result = cli.runWithConfig("token", "update", "Nobody", "--uses", "2");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: No token named Nobody (token names are case-sensitive)\n");
    }

    @Test
    void disableSwitchesTheTokenOff() {
        create("DoubleWizardSki", UsageLimit.of(1));

        Cli.Result result = cli.runWithConfig("token", "disable", "DoubleWizardSki");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Disabled DoubleWizardSki.\n");
        assertThat(token("DoubleWizardSki").disabled()).isTrue();
        assertThat(cli.runWithConfig("token", "disable", "Nobody").exitCode()).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheTokenAndSaysHowManyUsesWentWithIt() {
        create("DoubleWizardSki", UsageLimit.of(5));
        register("DoubleWizardSki", "@alice:example.org", null);
        register("DoubleWizardSki", "@bob:example.org", null);

        Cli.Result result = cli.runWithConfig("token", "delete", "DoubleWizardSki");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Deleted DoubleWizardSki and its 2 recorded uses.\n");
        assertThat(cli.environment.store.find(new TokenName("DoubleWizardSki"))).isEmpty();
        Cli.Result again = cli.runWithConfig("token", "delete", "DoubleWizardSki");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: No token named DoubleWizardSki (token names are case-sensitive)\n");
    }

    private void create(String name, UsageLimit limit) {
        create(name, limit, "");
    }

    private void create(String name, UsageLimit limit, String note) {
        cli.environment.tokens.create(new NewToken(Optional.of(new TokenName(name)), limit, Optional.empty(), note));
    }

    private void register(String name, String userId, String address) {
        Instant now = cli.environment.clock.instant();
        Reservation reservation = (Reservation) cli.environment.store.reserve(new TokenName(name),
                org.matrixregistration.core.account.UserId.parse(userId), now);
        cli.environment.store.complete(reservation, now, Optional.ofNullable(address));
    }

    private InviteToken token(String name) {
        return cli.environment.store.find(new TokenName(name)).orElseThrow();
    }
}
