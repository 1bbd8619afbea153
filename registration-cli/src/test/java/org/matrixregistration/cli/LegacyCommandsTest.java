package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/** The Python tool's commands: same options, and output formats pinned here. */
class LegacyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(home);
    }

    @Test
    void generatePrintsOnlyTheTokenNameAndANewline() {
        cli.environment.nextNames.add("DoubleWizardSki");

        Cli.Result result = cli.runWithConfig("generate", "-m", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("DoubleWizardSki\n");
        assertThat(result.err()).isEmpty();
    }

    /** The Docker guide: "leave the flags off and it will create a token with unlimited uses". */
    @Test
    void generateWithoutOptionsMakesAnUnlimitedTokenThatNeverExpiresAndSaysSoOnStderr() {
        cli.environment.nextNames.add("DoubleWizardSki");

        Cli.Result result = cli.runWithConfig("generate");

        InviteToken token = token("DoubleWizardSki");
        assertThat(token.limit().isUnlimited()).isTrue();
        assertThat(token.expiresAt()).isEmpty();
        assertThat(result.out()).isEqualTo("DoubleWizardSki\n");
        assertThat(result.err()).hasLineCount(1).contains("unlimited", "-m 1");
    }

    @Test
    void generateTakesTheMaximumAsShortAndLongOption() {
        cli.environment.nextNames.addAll(java.util.List.of("Five", "Ten"));

        assertThat(cli.runWithConfig("generate", "-m", "5").out()).isEqualTo("Five\n");
        assertThat(cli.runWithConfig("generate", "--maximum=10").out()).isEqualTo("Ten\n");

        assertThat(token("Five").limit()).isEqualTo(UsageLimit.of(5));
        assertThat(token("Ten").limit()).isEqualTo(UsageLimit.of(10));
    }

    @Test
    void generateWithMaximumZeroMakesAnUnlimitedTokenAsTheOldToolDid() {
        cli.environment.nextNames.add("Unlimited");

        Cli.Result result = cli.runWithConfig("generate", "-m", "0");

        assertThat(token("Unlimited").limit().isUnlimited()).isTrue();
        assertThat(result.err()).as("asked for explicitly, so nothing to warn about").isEmpty();
    }

    @Test
    void generateExpiresAtTheStartOfTheGivenDayInTheServersZone() {
        cli.environment.nextNames.addAll(java.util.List.of("Winter", "Summer"));

        cli.runWithConfig("generate", "-e", "2026-12-31");
        cli.runWithConfig("generate", "--expires", "2026-07-01");

        assertThat(token("Winter").expiresAt()).contains(Instant.parse("2026-12-30T23:00:00Z"));
        assertThat(token("Summer").expiresAt()).contains(Instant.parse("2026-06-30T22:00:00Z"));
    }

    @Test
    void generateRefusesADateThatIsNotADateAsAUsageError() {
        Cli.Result result = cli.runWithConfig("generate", "-e", "31.12.2026");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("error: Invalid value for option '--expires': '31.12.2026' is not a date")
                .endsWith("(see 'matrix-registration generate --help')\n");
        assertThat(result.err().lines()).hasSize(1);
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void generateRefusesANegativeMaximum() {
        Cli.Result result = cli.runWithConfig("generate", "-m", "-1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'--maximum'").contains("negative");
    }

    @Test
    void generateFailsForAnExpiryInThePast() {
        cli.environment.nextNames.add("TooLate");

        Cli.Result result = cli.runWithConfig("generate", "-e", "2026-05-31");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(
                "error: The expiry 2026-05-31 00:00 Europe/Berlin has passed already, so the token could never be used\n");
        assertThat(cli.environment.store.list(org.matrixregistration.core.token.TokenQuery.all(), cli.environment.clock.instant()).items()).isEmpty();
    }

    @Test
    void statusShowsValidityAndTheTokenObject() {
        create("DoubleWizardSki", UsageLimit.of(1), Optional.of(Instant.parse("2026-12-30T23:00:00Z")), "");

        Cli.Result result = cli.runWithConfig("status", "-s", "DoubleWizardSki");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                This token is valid
                {
                  "name": "DoubleWizardSki",
                  "used": 0,
                  "expiration_date": "2026-12-31 00:00:00",
                  "max_usage": 1,
                  "ips": [],
                  "disabled": false,
                  "active": true,
                  "note": "",
                  "requires_approval": false,
                  "pending": 0,
                  "unconfirmed": 0,
                  "created_at": "2026-06-01T12:00:00Z",
                  "expires_at": "2026-12-30T23:00:00Z"
                }
                """);
    }

    @Test
    void statusSaysWhyATokenIsNotValid() throws Exception {
        create("Spent", UsageLimit.of(1), Optional.empty(), "");
        register("Spent", "@alice:example.org", "192.0.2.7");
        create("Late", UsageLimit.of(1), Optional.of(Instant.parse("2026-06-02T00:00:00Z")), "");
        cli.environment.clock.advance(Duration.ofDays(2));

        Cli.Result spent = cli.runWithConfig("status", "--status", "Spent");
        Cli.Result late = cli.runWithConfig("status", "-s", "Late");

        assertThat(spent.outLines().get(0)).isEqualTo("This token is not valid (used up)");
        assertThat(late.outLines().get(0)).isEqualTo("This token is not valid (expired)");
        JsonNode spentJson = JSON.readTree(spent.out().substring(spent.out().indexOf('{')));
        assertThat(spentJson.get("used").asInt()).isEqualTo(1);
        assertThat(spentJson.get("active").asBoolean()).isFalse();
        assertThat(spentJson.get("ips").get(0).asText()).isEqualTo("192.0.2.7");
    }

    @Test
    void statusWithJsonPrintsOnlyTheObject() throws Exception {
        create("DoubleWizardSki", UsageLimit.UNLIMITED, Optional.empty(), "for my sister");
        cli.environment.publicUrl = Optional.of(java.net.URI.create("https://chat.example.org/element/"));

        Cli.Result result = cli.runWithConfig("status", "-s", "DoubleWizardSki", "--json");

        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("max_usage").asInt()).isZero();
        assertThat(json.get("note").asText()).isEqualTo("for my sister");
        assertThat(json.get("invite_url").asText())
                .isEqualTo("https://chat.example.org/element/register?token=DoubleWizardSki");
    }

    @Test
    void statusOfAnUnknownTokenFailsOnOneLine() {
        Cli.Result result = cli.runWithConfig("status", "-s", "NoSuchToken");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: No token named NoSuchToken (token names are case-sensitive)\n");
    }

    @Test
    void tokenNamesAreCaseSensitive() {
        create("DoubleWizardSki", UsageLimit.of(1), Optional.empty(), "");

        assertThat(cli.runWithConfig("status", "-s", "doublewizardski").exitCode()).isEqualTo(1);
        assertThat(cli.runWithConfig("status", "-s", "DoubleWizardSki").exitCode()).isZero();
    }

    @Test
    void statusListPrintsATableOfAllTokens() {
        create("DoubleWizardSki", UsageLimit.of(1), Optional.empty(), "for my sister");
        cli.environment.clock.advance(Duration.ofMinutes(1));
        create("family-2026", UsageLimit.UNLIMITED, Optional.of(Instant.parse("2026-12-30T23:00:00Z")), "");
        register("family-2026", "@bob:example.org", null);

        Cli.Result result = cli.runWithConfig("status", "-l");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                NAME             STATE   USES         EXPIRES           NOTE
                DoubleWizardSki  active  0/1          never             for my sister
                family-2026      active  1/unlimited  2026-12-31 00:00

                2 tokens, 2 active. Times are in Europe/Berlin.
                """);
    }

    @Test
    void statusListOfNoTokensSaysSo() {
        assertThat(cli.runWithConfig("status", "-l").out()).isEqualTo("No tokens.\n");
        assertThat(cli.runWithConfig("status", "-l", "--json").out()).isEqualTo("[]\n");
    }

    @Test
    void statusDisableDisablesTheTokenAndSaysSo() {
        create("DoubleWizardSki", UsageLimit.of(1), Optional.empty(), "");

        Cli.Result result = cli.runWithConfig("status", "-d", "DoubleWizardSki");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("Token disabled\n");
        assertThat(token("DoubleWizardSki").disabled()).isTrue();
        assertThat(cli.runWithConfig("status", "--disable", "DoubleWizardSki").out()).isEqualTo("Token disabled\n");
    }

    @Test
    void statusTakesExactlyOneOfItsActions() {
        Cli.Result none = cli.runWithConfig("status");
        Cli.Result two = cli.runWithConfig("status", "-l", "-s", "DoubleWizardSki");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: Missing required argument").hasLineCount(1);
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("mutually exclusive").hasLineCount(1);
    }

    private void create(String name, UsageLimit limit, Optional<Instant> expiry, String note) {
        cli.environment.tokens.create(new NewToken(Optional.of(new TokenName(name)), limit, expiry, note));
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
