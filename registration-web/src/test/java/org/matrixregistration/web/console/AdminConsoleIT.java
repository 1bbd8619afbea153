package org.matrixregistration.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.matrixregistration.web.console.ConsoleFixture.with;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.net.HttpCookie;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.registration.Registration;
import org.matrixregistration.core.registration.RegistrationOutcome;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/** Every console route over HTTP: sessions, form tokens, other sites, and what each page shows and does. */
class AdminConsoleIT {
    private ConsoleFixture console = ConsoleFixture.start();

    @AfterEach
    void stop() {
        console.close();
    }

    private TokenName invite(String name, int uses) {
        console.administration.create(new NewToken(Optional.of(new TokenName(name)),
                uses == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(uses), Optional.empty(), "for " + name));
        return new TokenName(name);
    }

    private Optional<InviteToken> stored(String name) {
        return console.tokens.find(new TokenName(name));
    }

    private static Document html(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }

    @Test
    void signedOutEveryConsoleRouteGoesToTheSignInPageAndChangesNothing() {
        invite("Existing", 1);
        for (String path : List.of("/admin", "/admin/invites/new", "/admin/invites/Existing",
                "/admin/invites/Existing/delete", "/admin/invites/Existing/qr.svg", "/admin/invites/Existing/qr.png")) {
            HttpResponse<String> response = console.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(path).hasValue("/admin/sign-in");
        }
        for (String path : List.of("/admin/invites", "/admin/invites/Existing", "/admin/invites/Existing/disable",
                "/admin/invites/Existing/enable", "/admin/invites/Existing/delete", "/admin/sign-out")) {
            HttpResponse<String> response = console.post(path, Map.of("uses", "5", "note", "changed"));
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(path).hasValue("/admin/sign-in");
        }
        assertThat(stored("Existing")).hasValueSatisfying(token -> {
            assertThat(token.limit()).isEqualTo(UsageLimit.of(1));
            assertThat(token.note()).isEqualTo("for Existing");
            assertThat(token.disabled()).isFalse();
        });
        assertThat(console.tokens.list(org.matrixregistration.core.token.TokenQuery.all(), console.clock.instant())
                .items()).hasSize(1);
    }

    @Test
    void theSignInPageHasTheStableLabels() {
        Document page = html(console.get("/admin/sign-in"));

        assertThat(page.select("label[for=secret]").text()).isEqualTo("Admin secret");
        assertThat(page.select("input#secret").attr("type")).isEqualTo("password");
        assertThat(page.select("button[type=submit]").text()).isEqualTo("Sign in");
    }

    @Test
    void signingInStartsASessionInACookieScriptsAndOtherSitesCannotUse() {
        HttpResponse<String> response = console.post("/admin/sign-in", Map.of("secret", ConsoleFixture.SECRET));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/admin");
        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SessionCookies.NAME + "=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/admin").doesNotContain("Secure");
        String secret = setCookie.substring(SessionCookies.NAME.length() + 1, setCookie.indexOf(';'));
        assertThat(java.util.Base64.getUrlDecoder().decode(secret)).as("256 random bits").hasSize(32);
        assertThat(console.sessions.find(secret)).as("the store keeps a hash, not the secret").isEmpty();
        assertThat(html(console.get("/admin")).select("h1").text()).isEqualTo("Invitations");
    }

    @Test
    void behindHttpsTheCookieIsSecure() {
        console.close();
        console = ConsoleFixture.start(settings -> settings.publicUrl(java.net.URI.create("https://chat.example.org")));

        HttpResponse<String> response = console.post("/admin/sign-in", Map.of("secret", ConsoleFixture.SECRET));

        assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).startsWith(SessionCookies.NAME).contains("Secure"));
    }

    @Test
    void aWrongSecretIsRefusedAndTooManyAreThrottledTogetherWithTheApis() {
        HttpResponse<String> wrong = console.post("/admin/sign-in", Map.of("secret", "guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(html(wrong).select("[role=alert]").text()).contains("not the admin secret");
        assertThat(console.cookies()).noneMatch(cookie -> cookie.getName().equals(SessionCookies.NAME));

        for (int i = 0; i < 5; i++) {
            console.send(console.request("/api/token").header("Authorization", "SharedSecret guess" + i).GET());
        }
        for (int i = 0; i < 4; i++) {
            console.post("/admin/sign-in", Map.of("secret", "guess" + i));
        }
        HttpResponse<String> throttled = console.post("/admin/sign-in", Map.of("secret", ConsoleFixture.SECRET));
        assertThat(throttled.statusCode()).as("the 11th try, right or wrong").isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(console.cookies()).noneMatch(cookie -> cookie.getName().equals(SessionCookies.NAME));
    }

    @Test
    void aMissingOrWrongFormTokenIsRefusedAndNothingChanges() {
        invite("Guarded", 1);
        console.signIn();
        for (Map<String, String> fields : List.of(Map.<String, String>of("uses", "7", "note", "forged"),
                Map.of("csrf", "0".repeat(43), "uses", "7", "note", "forged"))) {
            for (String path : List.of("/admin/invites", "/admin/invites/Guarded", "/admin/invites/Guarded/disable",
                    "/admin/invites/Guarded/delete", "/admin/sign-out")) {
                assertThat(console.post(path, fields).statusCode()).as(path).isEqualTo(403);
            }
        }
        assertThat(stored("Guarded")).hasValueSatisfying(token -> {
            assertThat(token.limit()).isEqualTo(UsageLimit.of(1));
            assertThat(token.note()).isEqualTo("for Guarded");
            assertThat(token.disabled()).isFalse();
        });
        assertThat(console.tokens.list(org.matrixregistration.core.token.TokenQuery.all(), console.clock.instant())
                .items()).hasSize(1);
        assertThat(console.get("/admin").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void aFormThatCannotBeReadIsRefusedNotAnError() {
        HttpResponse<String> broken = console.send(console.request("/admin/sign-in")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("secret=%zz")));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(console.cookies()).noneMatch(cookie -> cookie.getName().equals(SessionCookies.NAME));
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheRightFormToken() {
        invite("Target", 1);
        String csrf = console.signIn();
        String body = ConsoleFixture.encode(with(csrf));
        for (String[] header : List.of(new String[] {"Origin", "https://evil.example"},
                new String[] {"Sec-Fetch-Site", "cross-site"}, new String[] {"Sec-Fetch-Site", "same-site"})) {
            HttpResponse<String> response = console.send(console.request("/admin/invites/Target/disable")
                    .header("Content-Type", "application/x-www-form-urlencoded").header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(response.statusCode()).as(String.join(": ", header)).isEqualTo(403);
        }
        assertThat(stored("Target").orElseThrow().disabled()).isFalse();

        HttpResponse<String> sameSite = console.send(console.request("/admin/invites/Target/disable")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", console.base)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(sameSite.statusCode()).isEqualTo(303);
        assertThat(stored("Target").orElseThrow().disabled()).isTrue();
        HttpResponse<String> noReferrer = console.send(console.request("/admin/invites/Target/enable")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(noReferrer.statusCode()).as("a no-referrer page's own form").isEqualTo(303);
    }

    @Test
    void aSessionEndsAfterThirtyMinutesIdle() {
        console.signIn();
        console.clock.advance(Duration.ofMinutes(29));
        assertThat(console.get("/admin").statusCode()).isEqualTo(200);
        console.clock.advance(Duration.ofMinutes(29));
        assertThat(console.get("/admin").statusCode()).as("used 29 minutes ago").isEqualTo(200);

        console.clock.advance(Duration.ofMinutes(31));

        assertThat(console.get("/admin").headers().firstValue("Location")).hasValue("/admin/sign-in");
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        console.signIn();
        for (int i = 0; i < 35; i++) {
            console.clock.advance(Duration.ofMinutes(20));
            assertThat(console.get("/admin").statusCode()).isEqualTo(200);
        }
        console.clock.advance(Duration.ofMinutes(20));

        assertThat(console.get("/admin").statusCode()).as("12 h after sign-in").isEqualTo(303);
    }

    @Test
    void signingOutEndsTheSessionEvenForACopyOfTheCookie() {
        String csrf = console.signIn();
        HttpCookie session = console.cookies().stream().filter(c -> c.getName().equals(SessionCookies.NAME))
                .findFirst().orElseThrow();

        HttpResponse<String> out = console.post("/admin/sign-out", with(csrf));

        assertThat(out.headers().firstValue("Location")).hasValue("/admin/sign-in");
        HttpResponse<String> replayed = console.send(console.request("/admin")
                .header("Cookie", SessionCookies.NAME + "=" + session.getValue()).GET());
        assertThat(replayed.statusCode()).isEqualTo(303);
    }

    @Test
    void createsAnInviteWithANoteAndLandsOnItsPageWithLinkQrAndUses() throws Exception {
        String csrf = console.signIn();
        Document form = html(console.get("/admin/invites/new"));
        assertThat(form.select("label[for=uses]").text()).isEqualTo("Uses");
        assertThat(form.select("label[for=expires]").text()).isEqualTo("Expires");
        assertThat(form.select("label[for=note]").text()).startsWith("Note");
        assertThat(form.select("input#uses").val()).isEqualTo("1");
        assertThat(form.select("#expires-hint").text()).contains("UTC");
        assertThat(form.select("main button[type=submit]").text()).isEqualTo("Create invite");

        HttpResponse<String> created = console.post("/admin/invites",
                with(csrf, "uses", "2", "expires", "7 days", "note", "for my sister", "name", ""));

        assertThat(created.statusCode()).isEqualTo(303);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/admin/invites/([A-Z][a-z]+){3}\\?done=created");
        String name = location.substring("/admin/invites/".length(), location.indexOf('?'));
        InviteToken token = stored(name).orElseThrow();
        assertThat(token.limit()).isEqualTo(UsageLimit.of(2));
        assertThat(token.note()).isEqualTo("for my sister");
        assertThat(token.expiresAt()).contains(console.clock.instant().plus(Duration.ofDays(7)));

        String link = "http://chat.example.org/register?token=" + name;
        Document page = html(console.get(location));
        assertThat(page.select("[role=status]").text()).contains("ready");
        assertThat(page.select("[data-invite-link] a").attr("href")).isEqualTo(link);
        assertThat(page.select("img[alt=QR code]").attr("src")).isEqualTo("/admin/invites/" + name + "/qr.svg");
        assertThat(page.select("button").eachText()).contains("Disable");
        assertThat(console.get("/admin/invites/" + name + "/qr.svg").body()).startsWith("<svg").contains("QR code");
        HttpResponse<byte[]> png = console.bytes("/admin/invites/" + name + "/qr.png");
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"invite-" + name + ".png\"");
        assertThat(decode(png.body())).isEqualTo(link);

        RegistrationOutcome signedUp = console.registration.register(new Registration("alice", "password1", "password1",
                name, Optional.empty(), Optional.of("203.0.113.9")));
        assertThat(signedUp).isInstanceOf(RegistrationOutcome.Registered.class);
        Document after = html(console.get("/admin/invites/" + name));
        assertThat(after.select("[data-uses]").text()).contains("@alice:example.org", "2026-11-27 12:00 (UTC)",
                "203.0.113.9");
        assertThat(after.select("dl.facts").text()).contains("1 of 2");
    }

    static String decode(byte[] png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        // The image is nothing but the code: say so, or the finder misses some codes now and then.
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    @Test
    void showsEveryProblemOfTheFormAtOnceKeepingWhatWasTyped() {
        String csrf = console.signIn();

        HttpResponse<String> response = console.post("/admin/invites",
                with(csrf, "uses", "-1", "expires", "tomorrow", "note", "x".repeat(1001), "name", "not a name"));

        assertThat(response.statusCode()).isEqualTo(400);
        Document page = html(response);
        assertThat(page.select(".summary[role=alert] li a").eachAttr("href"))
                .containsExactly("#uses", "#expires", "#note", "#name");
        assertThat(page.select("input#expires").val()).isEqualTo("tomorrow");
        assertThat(page.select("input#uses").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("input#uses").attr("aria-describedby")).contains("uses-error");
        assertThat(page.select("input#uses").hasAttr("autofocus")).isTrue();
        assertThat(console.tokens.list(org.matrixregistration.core.token.TokenQuery.all(), console.clock.instant())
                .items()).isEmpty();

        invite("Taken", 1);
        HttpResponse<String> taken = console.post("/admin/invites", with(csrf, "uses", "1", "expires", "", "note", "",
                "name", "Taken"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(html(taken).select("#name-error").text()).contains("exists already");
        HttpResponse<String> past = console.post("/admin/invites", with(csrf, "uses", "1", "expires", "2020-01-01",
                "note", "", "name", ""));
        assertThat(html(past).select("#expires-error").text()).contains("passed");
    }

    @Test
    void editsDisablesEnablesAndDeletesAfterAsking() {
        invite("Editable", 1);
        String csrf = console.signIn();

        HttpResponse<String> saved = console.post("/admin/invites/Editable",
                with(csrf, "uses", "0", "expires", "2027-01-31", "note", "for the choir"));
        assertThat(saved.headers().firstValue("Location")).hasValue("/admin/invites/Editable?done=saved");
        InviteToken edited = stored("Editable").orElseThrow();
        assertThat(edited.limit().isUnlimited()).isTrue();
        assertThat(edited.expiresAt()).contains(Instant.parse("2027-01-31T00:00:00Z"));
        assertThat(edited.note()).isEqualTo("for the choir");
        Document page = html(console.get("/admin/invites/Editable"));
        assertThat(page.select("input#expires").val()).isEqualTo("2027-01-31 00:00");
        console.post("/admin/invites/Editable", with(csrf, "uses", "0", "expires", page.select("input#expires").val(),
                "note", page.select("textarea#note").text()));
        assertThat(stored("Editable")).as("saving unchanged changes nothing").contains(edited);

        console.post("/admin/invites/Editable/disable", with(csrf));
        assertThat(stored("Editable").orElseThrow().disabled()).isTrue();
        assertThat(html(console.get("/admin/invites/Editable")).select("button").eachText()).contains("Enable");
        console.post("/admin/invites/Editable/enable", with(csrf));
        assertThat(stored("Editable").orElseThrow().disabled()).isFalse();

        Document ask = html(console.get("/admin/invites/Editable/delete"));
        assertThat(ask.select("h1").text()).isEqualTo("Delete this invite?");
        assertThat(stored("Editable")).as("asking deletes nothing").isPresent();
        HttpResponse<String> deleted = console.post("/admin/invites/Editable/delete", with(csrf));
        assertThat(deleted.headers().firstValue("Location")).hasValue("/admin?done=deleted");
        assertThat(stored("Editable")).isEmpty();
        assertThat(console.get("/admin/invites/Editable").statusCode()).isEqualTo(404);
        assertThat(console.post("/admin/invites/Editable/disable", with(csrf)).statusCode()).isEqualTo(404);
    }

    @Test
    void listsNewestFirstPagedByKeyFilteredAndSearched() {
        for (int i = 0; i < 60; i++) {
            invite(String.format("Invite%02d", i), i % 2 == 0 ? 1 : 0);
            console.clock.advance(Duration.ofSeconds(1));
        }
        console.tokens.change(new TokenName("Invite07"), org.matrixregistration.core.token.TokenChanges.NONE
                .withDisabled(true));
        console.signIn();

        Document first = html(console.get("/admin"));
        List<String> names = first.select("tbody th a").eachText();
        assertThat(names).hasSize(50).startsWith("Invite59", "Invite58");
        String next = first.select("a[rel=next]").attr("href");
        Document second = html(console.get(next));
        assertThat(second.select("tbody th a").eachText()).hasSize(10).startsWith("Invite09").endsWith("Invite00");
        assertThat(second.select("a[rel=next]")).isEmpty();

        assertThat(html(console.get("/admin?status=disabled")).select("tbody th a").eachText())
                .containsExactly("Invite07");
        assertThat(html(console.get("/admin?q=invite1")).select("tbody th a").eachText()).hasSize(10);
        assertThat(html(console.get("/admin?q=nothing-like-it")).select(".empty").text()).contains("No invite matches");
        assertThat(first.select("tbody tr").first().text()).contains("Active", "0 of unlimited", "Never", "for Invite59");
    }

    @Test
    void withoutPublicUrlThePageExplainsTheSettingInsteadOfGuessingAHost() {
        console.close();
        console = ConsoleFixture.start(settings -> settings.publicUrl(null));
        invite("NoAddress", 1);
        console.signIn();

        Document page = html(console.get("/admin/invites/NoAddress"));

        assertThat(page.select("[data-invite-link]")).isEmpty();
        assertThat(page.select(".share").text()).contains("public_url");
        assertThat(page.text()).doesNotContain("127.0.0.1");
        assertThat(console.get("/admin/invites/NoAddress/qr.svg").statusCode()).isEqualTo(404);
    }

    @Test
    void theConsoleIsOffWithoutAnAdminSecretOrWithTheSampleOne() {
        for (String secret : new String[] {"", "APIAdminPassword"}) {
            console.close();
            console = ConsoleFixture.start(settings -> settings.sharedSecret(secret));
            assertThat(console.get("/admin").statusCode()).isEqualTo(404);
            assertThat(console.get("/admin/sign-in").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void consolePagesAreNeverCachedAndKeepTheStrictPolicy() {
        console.signIn();
        for (String path : List.of("/admin", "/admin/sign-in", "/admin/invites/new")) {
            HttpResponse<String> response = console.get(path);
            assertThat(response.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
                    .contains("script-src 'self'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void speaksTheLanguageChosenAndKeepsItAcrossPages() {
        console.signIn();

        Document german = html(console.get("/admin?lang=de"));
        Document next = html(console.get("/admin/invites/new"));

        assertThat(german.select("html").attr("lang")).isEqualTo("de");
        assertThat(next.select("html").attr("lang")).isEqualTo("de");
        assertThat(html(console.send(console.request("/admin/invites/new").header("Accept-Language", "fr").GET()))
                .select("html").attr("lang")).isEqualTo("de");
    }
}
