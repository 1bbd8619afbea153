package org.matrixregistration.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsernameRulesTest {
    private final UsernameRules rules = UsernameRules.forServer("example.org");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "alice, @alice:example.org",
            "@alice, @alice:example.org",
            "@alice:example.org, @alice:example.org",
            "@alice:EXAMPLE.org, @alice:example.org",
            "Alice, @alice:example.org",
            "'  bob  ', @bob:example.org",
            "a.b_c=d-e/f+g, @a.b_c=d-e/f+g:example.org",
            "agent007, @agent007:example.org",
            "x_, @x_:example.org"})
    void acceptsAndNormalises(String typed, String expected) {
        UsernameRules.Verdict verdict = rules.check(typed);

        assertThat(verdict).isInstanceOf(UsernameRules.Accepted.class);
        assertThat(((UsernameRules.Accepted) verdict).userId()).hasToString(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'', username_required",
            "'   ', username_required",
            "@, username_required",
            "@:example.org, username_required",
            "@alice:other.org, username_other_server",
            "alice:other.org, username_other_server",
            "_x, username_underscore",
            "123, username_numeric",
            "0, username_numeric",
            "älice, username_characters",
            "名前, username_characters",
            "has space, username_characters",
            "semi;colon, username_characters",
            "emoji😀, username_characters"})
    void refusesWithAReasonAPersonUnderstands(String typed, String code) {
        UsernameRules.Verdict verdict = rules.check(typed);

        assertThat(verdict).isInstanceOf(UsernameRules.Refused.class);
        List<UsernameRules.Problem> problems = ((UsernameRules.Refused) verdict).problems();
        assertThat(problems).extracting(UsernameRules.Problem::code).contains(code);
        assertThat(problems).allSatisfy(problem -> assertThat(problem.message()).endsWith("."));
    }

    @Test
    void refusesAUserIdLongerThan255Bytes() {
        String overhead = "@:example.org";
        String fits = "a".repeat(255 - overhead.length());

        assertThat(rules.check(fits)).isInstanceOf(UsernameRules.Accepted.class);
        assertThat(rules.check(fits + "a")).isEqualTo(new UsernameRules.Refused(List.of(new UsernameRules.Problem(
                "username_too_long",
                "This username is too long: the full ID @name:example.org may be at most 255 bytes."))));
        assertThat(rules.check("a".repeat(256))).isInstanceOf(UsernameRules.Refused.class);
    }

    @Test
    void reportsEveryProblemAtOnce() {
        UsernameRules.Verdict verdict = rules.check("_" + "ä".repeat(300));

        assertThat(((UsernameRules.Refused) verdict).problems()).extracting(UsernameRules.Problem::code)
                .containsExactly("username_characters", "username_underscore", "username_too_long");
    }

    @Test
    void appliesTheConfiguredAllowAndDenyLists() {
        UsernameRules configured = new UsernameRules("example.org",
                List.of(Pattern.compile("^[a-z]"), Pattern.compile("[a-z]$")),
                List.of(Pattern.compile("(admin|support)")));

        assertThat(configured.check("alice")).isInstanceOf(UsernameRules.Accepted.class);
        assertThat(configured.check("theadministrator")).isInstanceOf(UsernameRules.Refused.class);
        assertThat(configured.check("support")).isInstanceOf(UsernameRules.Refused.class);
        assertThat(configured.check("9lives")).isInstanceOf(UsernameRules.Refused.class);
        assertThat(configured.check("alice9")).isInstanceOf(UsernameRules.Refused.class);
        assertThat(((UsernameRules.Refused) configured.check("support")).problems())
                .extracting(UsernameRules.Problem::code).containsExactly("username_not_allowed");
    }

    @Test
    void deniesByTheLowerCasedName() {
        UsernameRules configured = new UsernameRules("example.org", List.of(), List.of(Pattern.compile("admin")));

        assertThat(configured.check("ADMIN")).isInstanceOf(UsernameRules.Refused.class);
    }
}
