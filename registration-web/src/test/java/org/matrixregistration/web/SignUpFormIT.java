package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.web.testing.PortalFixture;

/** {@code POST /register} from a browser without JavaScript: every outcome is a page. */
class SignUpFormIT {
    private PortalFixture portal;

    @BeforeEach
    void start() {
        portal = PortalFixture.start(settings -> settings.clientRedirect("https://app.element.io/#/login"));
        portal.addToken("DoubleWizardSki", 1);
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    @Test
    void welcomesTheNewUserAndLinksToTheClient() {
        HttpResponse<String> response = portal.postFormAsBrowser("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki&lang=en", "en");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Document page = Jsoup.parse(response.body());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Welcome, @alice:example.org!");
        assertThat(page.getElementById("continue").attr("href")).isEqualTo("https://app.element.io/#/login");
        assertThat(response.body()).doesNotContain("correct horse", "correct+horse");
    }

    @Test
    void showsEveryErrorNextToItsFieldAndKeepsTheFieldsButNotThePasswords() {
        HttpResponse<String> response = portal.postFormAsBrowser("/register",
                "username=Alice+Smith&displayname=Alice+%3Cb%3E&password=secret-one&confirm=secret-two&token=NoSuchToken",
                "en-GB");

        assertThat(response.statusCode()).isEqualTo(400);
        Document page = Jsoup.parse(response.body());
        assertThat(page.getElementById("username-error").text()).startsWith("A username may contain only");
        assertThat(page.getElementById("confirm-error").text()).isEqualTo("The passwords do not match.");
        assertThat(page.getElementById("token-error").text()).startsWith("This invite token does not exist.");
        assertThat(page.getElementById("password-error").text()).isEmpty();
        assertThat(page.getElementById("username").val()).isEqualTo("Alice Smith");
        assertThat(page.getElementById("displayname").val()).isEqualTo("Alice <b>");
        assertThat(page.getElementById("token").val()).isEqualTo("NoSuchToken");
        assertThat(page.getElementById("password").val()).isEmpty();
        assertThat(page.getElementById("confirm").val()).isEmpty();
        assertThat(response.body()).doesNotContain("secret-one", "secret-two");
        assertThat(page.getElementById("username").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.getElementById("password").hasAttr("aria-invalid")).isFalse();
        assertThat(page.select("[autofocus]")).singleElement().extracting(e -> e.id()).isEqualTo("username");
        assertThat(page.getElementById("error-summary").hasAttr("hidden")).isFalse();
        assertThat(page.select("#error-list a").eachAttr("href")).containsExactly("#username", "#confirm", "#token");
    }

    @Test
    void answersInTheLanguageOfTheForm() {
        HttpResponse<String> response = portal.postFormAsBrowser("/register",
                "username=alice&password=short&confirm=short&token=DoubleWizardSki&lang=fr", "de");

        Document page = Jsoup.parse(response.body());
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("fr");
        assertThat(page.getElementById("password-error").text())
                .isEqualTo("Le mot de passe doit comporter au moins 8 caractères.");
        assertThat(page.select("[autofocus]")).singleElement().extracting(e -> e.id()).isEqualTo("password");
    }

    @Test
    void translatesARefusedTokenAndATakenName() {
        portal.postFormAsBrowser("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki", "en");
        portal.addToken("SecondTokenHere", 0);

        Document usedUp = Jsoup.parse(portal.postFormAsBrowser("/register",
                "username=bob&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki", "sv").body());
        assertThat(usedUp.getElementById("token-error").text()).isEqualTo("Den här inbjudningskoden är redan förbrukad.");

        Document taken = Jsoup.parse(portal.postFormAsBrowser("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=SecondTokenHere", "es").body());
        assertThat(taken.getElementById("username-error").text())
                .isEqualTo("Este nombre de usuario ya está en uso. Elige otro.");
    }

    @Test
    void showsAHomeserverOutageAboveTheKeptForm() {
        portal.homeserver().answerWith(account -> new AccountCreation.Unavailable("connection refused"));

        HttpResponse<String> response = portal.postFormAsBrowser("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki", "de");

        assertThat(response.statusCode()).isEqualTo(503);
        Document page = Jsoup.parse(response.body());
        assertThat(page.getElementById("error-list").text()).contains("Der Homeserver ist gerade nicht erreichbar.");
        assertThat(page.getElementById("username").val()).isEqualTo("alice");
        assertThat(response.body()).doesNotContain("connection refused");
    }

    @Test
    void putsAHomeserverRefusalNextToTheFieldItConcerns() {
        portal.homeserver().answerWith(account -> new AccountCreation.Rejected("M_WEAK_PASSWORD", "Password is too weak"));

        Document page = Jsoup.parse(portal.postFormAsBrowser("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki", "en").body());

        assertThat(page.getElementById("password-error").text())
                .isEqualTo("The homeserver refused the sign-up: Password is too weak");
    }
}
