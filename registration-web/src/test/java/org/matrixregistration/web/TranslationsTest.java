package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.matrixregistration.core.registration.FieldError;
import org.matrixregistration.core.token.TokenRefusal;

class TranslationsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");

    /** Every problem code core reports today (UsernameRules, PasswordRules, RegistrationService, TokenRefusal). */
    private static final List<String> CORE_CODES = Stream.concat(Stream.of(
                    "username_required", "username_other_server", "username_characters", "username_underscore",
                    "username_numeric", "username_too_long", "username_not_allowed", "password_required",
                    "password_too_short", "password_too_long", "password_mismatch", FieldError.DISPLAY_NAME_TOO_LONG,
                    FieldError.TOKEN_REQUIRED),
            Arrays.stream(TokenRefusal.values()).map(TokenRefusal::code)).toList();

    @Test
    void englishNamesEveryCoreProblemCode() {
        Map<String, String> english = Texts.ownMessages(Language.EN);
        for (String code : CORE_CODES) {
            assertThat(english).as(code).containsKey("error." + code);
        }
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyLanguageTranslatesEveryKey(Language language) {
        Map<String, String> english = Texts.ownMessages(Language.EN);
        Map<String, String> own = Texts.ownMessages(language);
        assertThat(own.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
        for (String key : english.keySet()) {
            assertThat(placeholders(own.get(key))).as(language + " " + key).isEqualTo(placeholders(english.get(key)));
            assertThat(own.get(key)).as(language + " " + key).isNotBlank();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Language.class, names = "EN", mode = EnumSource.Mode.EXCLUDE)
    void translationsAreNotEnglishLeftOvers(Language language) {
        Map<String, String> english = Texts.ownMessages(Language.EN);
        Map<String, String> own = Texts.ownMessages(language);
        long copied = english.keySet().stream().filter(key -> own.get(key).equals(english.get(key))).count();
        assertThat(copied).as("messages left in English").isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyLanguageTranslatesEveryKeyOfTheConsole(Language language) {
        Map<String, String> english = Texts.ownConsoleMessages(Language.EN);
        Map<String, String> own = Texts.ownConsoleMessages(language);
        assertThat(own.keySet()).containsExactlyInAnyOrderElementsOf(english.keySet());
        for (String key : english.keySet()) {
            assertThat(placeholders(own.get(key))).as(language + " " + key).isEqualTo(placeholders(english.get(key)));
            assertThat(own.get(key)).as(language + " " + key).isNotBlank();
        }
        if (language != Language.EN) {
            long copied = english.keySet().stream().filter(key -> own.get(key).equals(english.get(key))).count();
            assertThat(copied).as("console messages left in English (Status, Note, Console... are the same words)")
                    .isLessThanOrEqualTo(5);
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
