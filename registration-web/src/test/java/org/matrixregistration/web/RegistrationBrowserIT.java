package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.web.testing.PortalBrowser;
import org.matrixregistration.web.testing.PortalBrowser.Visitor;
import org.matrixregistration.web.testing.PortalFixture;
import org.openqa.selenium.Keys;

/**
 * A person in a real (headless) Chromium follows the invite link, fills in the form and is
 * welcomed; with JavaScript, using the keyboard only; and without JavaScript, on a phone-sized
 * screen. Screenshots of every step land in target/screenshots.
 */
class RegistrationBrowserIT {
    private PortalFixture portal;
    private String invite;

    @BeforeEach
    void start() {
        portal = PortalFixture.start(settings -> settings.clientRedirect("https://app.element.io/#/login"));
        invite = portal.url("/register?token=" + portal.addToken("DoubleWizardSki", 1));
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    @Test
    void signsUpWithTheKeyboardOnlyAndJavaScript() {
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.desktop())) {
            browser.visit(invite);
            assertThat(browser.value("token")).isEqualTo("DoubleWizardSki");
            browser.screenshot("desktop-1-form");

            browser.keys(Keys.TAB).keys("alice");
            assertThat(browser.focused()).isEqualTo("username");
            browser.await(() -> browser.statusOf("username").equals("@alice:example.org is available."),
                    "the availability hint");
            browser.keys(Keys.TAB, "Alice Liddell", Keys.TAB, "correct horse battery");
            assertThat(browser.focused()).isEqualTo("password");
            browser.keys(Keys.TAB, Keys.TAB, "correct horse battery");
            assertThat(browser.focused()).isEqualTo("confirm");
            assertThat(browser.statusOf("confirm")).isEqualTo("The passwords match.");
            browser.screenshot("desktop-2-filled");

            browser.keys(Keys.ENTER).awaitHeading("Welcome, @alice:example.org!");
            assertThat(browser.field("continue").getAttribute("href")).isEqualTo("https://app.element.io/#/login");
            assertThat(browser.focused()).isEqualTo("welcome");
            browser.screenshot("desktop-3-welcome");
            assertThat(browser.consoleErrors()).as("no script errors or policy violations").isEmpty();
        }
        assertThat(portal.homeserver().accounts().displayName(new UserId("alice", "example.org"))).hasValue("Alice Liddell");
    }

    @Test
    void checksTheFieldsBeforeSendingAnything() {
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone())) {
            browser.visit(invite);
            browser.type("username", "Alice Smith").type("password", "short").type("confirm", "shorter");
            browser.field("token").click();
            assertThat(browser.errorOf("username")).startsWith("A username may contain only");
            assertThat(browser.errorOf("password")).isEqualTo("The password must have at least 8 characters.");
            assertThat(browser.errorOf("confirm")).isEqualTo("The passwords do not match.");

            browser.submit();

            assertThat(browser.focused()).as("focus on the first problem").isEqualTo("username");
            assertThat(browser.field("error-summary").isDisplayed()).isTrue();
            assertThat(browser.currentUrl()).isEqualTo(invite);
            browser.screenshot("phone-js-1-inline-errors");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(portal.homeserver().creations()).as("nothing was sent").isZero();
    }

    @Test
    void signsUpWithoutJavaScriptOnAPhoneInGerman() {
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone().withoutJavaScript().speaking("de-DE,de"))) {
            browser.visit(invite);
            assertThat(browser.language()).isEqualTo("de");
            assertThat(browser.value("token")).isEqualTo("DoubleWizardSki");
            browser.screenshot("phone-nojs-1-form-de");

            browser.fill("alice", "correct horse battery", "correct horse batter").submit();
            browser.await(() -> browser.errorOf("confirm").equals("Die Passwörter stimmen nicht überein."),
                    "the server's error next to the confirmation");
            assertThat(browser.value("username")).isEqualTo("alice");
            assertThat(browser.value("password")).isEmpty();
            assertThat(browser.focused()).isEqualTo("confirm");
            browser.screenshot("phone-nojs-2-errors-de");

            browser.type("password", "correct horse battery").type("confirm", "correct horse battery").submit();
            browser.awaitHeading("Willkommen, @alice:example.org!");
            browser.screenshot("phone-nojs-3-welcome-de");
        }
        assertThat(portal.homeserver().accounts().accounts()).containsExactly(new UserId("alice", "example.org"));
    }

    @Test
    void looksRightInEveryLanguage() {
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone())) {
            for (Language language : List.of(Language.values())) {
                browser.visit(portal.url("/register?lang=" + language.tag()));
                assertThat(browser.language()).isEqualTo(language.tag());
                assertThat(browser.heading()).isEqualTo(Texts.of(language).get("page.heading"));
                Number width = (Number) browser.driver().executeScript("return document.documentElement.scrollWidth");
                assertThat(width.intValue()).as("no sideways scrolling at 360 px in " + language).isLessThanOrEqualTo(360);
            }
            browser.screenshot("phone-js-zh-Hans");
        }
    }

    @Test
    void showsErrorsReadablyInDarkMode() {
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.desktop().withoutJavaScript().speaking("pt-BR"))) {
            browser.preferDarkColours().visit(portal.url("/register?token=NoSuchToken"));
            browser.fill("alice", "correct horse battery", "correct horse battery").submit();
            browser.await(() -> browser.errorOf("token").startsWith("Este código de convite não existe."),
                    "the refused token explained in Portuguese");
            assertThat(browser.focused()).isEqualTo("token");
            browser.screenshot("desktop-nojs-dark-errors-pt-BR");
        }
        assertThat(portal.homeserver().creations()).isZero();
    }
}
