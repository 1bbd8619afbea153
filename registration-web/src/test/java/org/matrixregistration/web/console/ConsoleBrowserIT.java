package org.matrixregistration.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.testing.PortalBrowser;
import org.matrixregistration.web.testing.PortalBrowser.Visitor;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The console in headless Chromium, as an admin uses it: signing in, creating an invite with a
 * note, reading its link and its QR code (decoded from a screenshot), switching it off and on,
 * deleting it; with the keyboard, and on a 360 px phone without JavaScript.
 */
class ConsoleBrowserIT {
    private ConsoleFixture console;

    @BeforeEach
    void start() {
        console = ConsoleFixture.start();
    }

    @AfterEach
    void stop() {
        console.close();
    }

    /** The input a visible label names, as a person (or a screen reader) finds it. */
    private static WebElement labelled(PortalBrowser browser, String label) {
        for (WebElement candidate : browser.driver().findElements(By.tagName("label"))) {
            if (candidate.getText().strip().startsWith(label)) {
                return browser.driver().findElement(By.id(candidate.getAttribute("for")));
            }
        }
        throw new AssertionError("no field labelled " + label);
    }

    private static WebElement button(PortalBrowser browser, String text) {
        return browser.driver().findElements(By.cssSelector("main button, main a")).stream()
                .filter(element -> element.getText().strip().equals(text) && element.isDisplayed())
                .findFirst().orElseThrow(() -> new AssertionError("no button " + text));
    }

    private static void signIn(PortalBrowser browser, String base) {
        browser.visit(base + "/admin");
        browser.await(() -> browser.currentUrl().endsWith("/admin/sign-in"), "the sign-in page");
        labelled(browser, "Admin secret").sendKeys(ConsoleFixture.SECRET, Keys.ENTER);
        browser.awaitHeading("Invitations");
    }

    @Test
    void createsReadsSharesSwitchesAndDeletesAnInviteWithTheKeyboard() throws Exception {
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.desktop())) {
            signIn(browser, console.base);
            browser.screenshot("console-1-list-empty");

            button(browser, "New invite").sendKeys(Keys.ENTER);
            browser.awaitHeading("New invite");
            assertThat(browser.focused()).as("the first field has the focus").isEqualTo("uses");
            labelled(browser, "Uses").clear();
            labelled(browser, "Uses").sendKeys("3");
            labelled(browser, "Expires").sendKeys("14 days");
            labelled(browser, "Note").sendKeys("for the book club");
            browser.screenshot("console-2-new");
            button(browser, "Create invite").sendKeys(Keys.ENTER);
            browser.await(() -> !browser.driver().findElements(By.cssSelector("[data-invite-link]")).isEmpty(),
                    "the invite's page");

            String link = browser.driver().findElement(By.cssSelector("[data-invite-link] a")).getAttribute("href");
            String name = link.substring(link.indexOf("token=") + "token=".length());
            assertThat(link).isEqualTo("http://chat.example.org/register?token=" + name);
            assertThat(console.tokens.find(new TokenName(name)).orElseThrow().note()).isEqualTo("for the book club");
            WebElement qr = browser.driver().findElement(By.cssSelector("img[alt='QR code']"));
            browser.await(() -> ((Number) browser.driver().executeScript("return arguments[0].naturalWidth", qr))
                    .intValue() > 0, "the QR code to load");
            assertThat(decode(qr.getScreenshotAs(OutputType.BYTES))).isEqualTo(link);
            assertThat(button(browser, "Copy").isDisplayed()).as("script adds Copy").isTrue();
            browser.screenshot("console-3-invite");

            button(browser, "Disable").sendKeys(Keys.ENTER);
            browser.await(() -> browser.driver().findElements(By.cssSelector("main button")).stream()
                    .anyMatch(b -> b.getText().equals("Enable")), "the Enable button");
            assertThat(console.tokens.find(new TokenName(name)).orElseThrow().disabled()).isTrue();
            button(browser, "Enable").sendKeys(Keys.ENTER);
            browser.await(() -> browser.driver().findElements(By.cssSelector("main button")).stream()
                    .anyMatch(b -> b.getText().equals("Disable")), "the Disable button");
            assertThat(console.tokens.find(new TokenName(name)).orElseThrow().disabled()).isFalse();

            button(browser, "Delete").sendKeys(Keys.ENTER);
            browser.awaitHeading("Delete this invite?");
            browser.screenshot("console-4-delete");
            button(browser, "Delete").sendKeys(Keys.ENTER);
            browser.awaitHeading("Invitations");
            assertThat(browser.driver().findElement(By.cssSelector("[role=status]")).getText()).contains("deleted");
            assertThat(console.tokens.find(new TokenName(name))).isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void worksOnAPhoneWithoutJavaScript() {
        for (int i = 0; i < 3; i++) {
            console.administration.create(org.matrixregistration.core.admin.NewToken.generated(
                    org.matrixregistration.core.token.UsageLimit.of(1)));
        }
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone().withoutJavaScript())) {
            signIn(browser, console.base);
            assertNoSidewaysScrolling(browser, "the list");
            browser.screenshot("console-phone-1-list");

            browser.visit(console.base + "/admin/invites/new");
            labelled(browser, "Uses").clear();
            labelled(browser, "Uses").sendKeys("many");
            button(browser, "Create invite").click();
            browser.await(() -> browser.driver().findElements(By.cssSelector(".summary[role=alert]")).size() == 1,
                    "the problem summary");
            assertThat(browser.driver().findElement(By.id("uses-error")).getText()).contains("whole number");
            browser.screenshot("console-phone-2-problem");
            labelled(browser, "Uses").clear();
            labelled(browser, "Uses").sendKeys("1");
            button(browser, "Create invite").click();
            browser.await(() -> !browser.driver().findElements(By.cssSelector("[data-invite-link]")).isEmpty(),
                    "the invite's page");
            assertNoSidewaysScrolling(browser, "an invite");
            assertThat(browser.driver().findElements(By.cssSelector("button[data-copy]")))
                    .allSatisfy(copy -> assertThat(copy.isDisplayed()).as("no Copy without a script").isFalse());
            browser.screenshot("console-phone-3-invite");
        }
    }

    @Test
    void decidesSignUpRequestsOnAPhone() {
        console.administration.create(new org.matrixregistration.core.admin.NewToken(java.util.Optional.of(
                new TokenName("Choir")), org.matrixregistration.core.token.UsageLimit.of(5), java.util.Optional.empty(),
                "", true));
        for (String person : new String[] {"alice", "bob"}) {
            console.registration.register(new org.matrixregistration.core.registration.Registration(person,
                    "password1", "password1", "Choir", java.util.Optional.empty(), java.util.Optional.empty()));
        }
        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone())) {
            signIn(browser, console.base);
            browser.driver().findElement(By.linkText("Sign-up requests")).click();
            browser.awaitHeading("Sign-up requests");
            assertNoSidewaysScrolling(browser, "the requests");
            browser.screenshot("console-phone-4-requests");
            WebElement alice = browser.driver().findElements(By.cssSelector("tr[data-request]")).stream()
                    .filter(row -> row.getText().contains("@alice:example.org")).findFirst().orElseThrow();
            alice.findElement(By.cssSelector("button.primary")).click();
            browser.await(() -> browser.driver().findElements(By.cssSelector("[role=status]")).stream()
                    .anyMatch(status -> status.getText().startsWith("Approved")), "the approval notice");
            WebElement bob = browser.driver().findElements(By.cssSelector("tr[data-request]")).stream()
                    .filter(row -> row.getText().contains("@bob:example.org")).findFirst().orElseThrow();
            bob.findElement(By.cssSelector("input[name=reason]")).sendKeys("unknown");
            bob.findElement(By.cssSelector("button.danger")).click();
            browser.await(() -> browser.driver().findElements(By.cssSelector("[role=status]")).stream()
                    .anyMatch(status -> status.getText().startsWith("Denied")), "the denial notice");
            assertThat(console.homeserver.isLocked(new org.matrixregistration.core.account.UserId("alice", "example.org")))
                    .isFalse();
            assertThat(console.homeserver.isErased(new org.matrixregistration.core.account.UserId("bob", "example.org")))
                    .isTrue();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static void assertNoSidewaysScrolling(PortalBrowser browser, String page) {
        Number width = (Number) browser.driver().executeScript("return document.documentElement.scrollWidth");
        assertThat(width.intValue()).as("no sideways scrolling at 360 px on " + page).isLessThanOrEqualTo(360);
    }

    private static String decode(byte[] png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
    }
}
