package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.PortalFixture;

/** {@code GET /register} and the other read-only routes, over HTTP. */
class PageIT {
    private static PortalFixture portal;

    @BeforeAll
    static void start() {
        portal = PortalFixture.start(settings -> settings.clientRedirect("https://app.element.io/#/login"));
    }

    @AfterAll
    static void stop() {
        portal.close();
    }

    private static Document page(HttpResponse<String> response) {
        return Jsoup.parse(response.body());
    }

    @Test
    void servesTheFormWithTheTokenFromTheLink() {
        HttpResponse<String> response = portal.get("/register?token=DoubleWizardSki");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        Document page = page(response);
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(page.getElementById("token").val()).isEqualTo("DoubleWizardSki");
        assertThat(page.getElementById("register-form").attr("action")).isEqualTo("/register");
        assertThat(page.getElementById("register-form").attr("method")).isEqualTo("post");
        assertThat(page.text()).contains("example.org");
    }

    @Test
    void escapesWhateverTheLinkCarries() {
        HttpResponse<String> response = portal.get("/register?token=%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
        assertThat(response.body()).doesNotContain("<script>alert(1)");
        assertThat(page(response).getElementById("token").val()).isEqualTo("\"><script>alert(1)</script>");
        assertThat(page(response).select("script")).hasSize(1);
    }

    @Test
    void labelsEveryInputAndAnnouncesErrors() {
        Document page = page(portal.get("/register"));
        for (Element input : page.select("input:not([type=hidden])")) {
            assertThat(page.select("label[for=" + input.id() + "]")).as("label for " + input.id()).hasSize(1);
            assertThat(page.getElementById(input.id() + "-error").attr("aria-live")).isEqualTo("polite");
            assertThat(input.attr("aria-describedby")).contains(input.id() + "-error");
        }
        assertThat(page.select("input:not([type=hidden])")).hasSize(5);
        assertThat(page.getElementById("error-summary").attr("role")).isEqualTo("alert");
        assertThat(page.select("meta[name=viewport]").attr("content")).contains("width=device-width");
        assertThat(page.getElementById("password").attr("autocomplete")).isEqualTo("new-password");
    }

    @Test
    void speaksTheLanguageTheBrowserAsksFor() {
        Document german = page(portal.send(portal.request("/register").header("Accept-Language", "de-DE,de;q=0.9")));
        assertThat(german.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(german.selectFirst("h1").text()).isEqualTo("Konto erstellen");
        assertThat(german.select("label[for=password]").text()).isEqualTo("Passwort");

        HttpResponse<String> portuguese = portal.send(portal.request("/register").header("Accept-Language", "pt-PT"));
        assertThat(portuguese.headers().firstValue("Content-Language")).hasValue("pt-BR");
        assertThat(page(portuguese).selectFirst("html").attr("lang")).isEqualTo("pt-BR");

        Document chinese = page(portal.send(portal.request("/register").header("Accept-Language", "zh-CN,zh;q=0.9")));
        assertThat(chinese.selectFirst("html").attr("lang")).isEqualTo("zh-Hans");
        assertThat(chinese.selectFirst("h1").text()).isEqualTo("创建你的账号");
    }

    @Test
    void letsTheLinkChooseTheLanguageAndKeepsTheTokenWhenSwitching() {
        Document page = page(portal.send(portal.request("/register?lang=sv&token=DoubleWizardSki")
                .header("Accept-Language", "de")));
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("sv");
        assertThat(page.select("a[hreflang=fr]").attr("href")).isEqualTo("/register?lang=fr&token=DoubleWizardSki");
        assertThat(page.select("a[aria-current]").text()).isEqualTo("Svenska");

        Document unknown = page(portal.get("/register?lang=..%2F..%2Fetc%2Fpasswd"));
        assertThat(unknown.selectFirst("html").attr("lang")).isEqualTo("en");
    }

    @Test
    void sendsTheSafetyHeaders() {
        HttpResponse<String> response = portal.get("/register?token=DoubleWizardSki");
        String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("frame-ancestors 'none'", "script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(page(response).select("[style]")).as("no inline styles").isEmpty();
        assertThat(page(response).select("script:not([src])")).as("no inline scripts").isEmpty();
    }

    @Test
    void datesEveryResponseInHttpsFormat() {
        for (String path : new String[] {"/register", "/health", "/static/nowhere.css", "/"}) {
            HttpResponse<String> response = portal.get(path);
            String date = response.headers().firstValue("Date").orElseThrow();
            assertThat(date).as(path).matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            Instant sent = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date, Instant::from);
            assertThat(Duration.between(sent, Instant.now()).abs()).as(path).isLessThan(Duration.ofSeconds(5));
            assertThat(response.headers().allValues("Date")).as(path).hasSize(1);
        }
    }

    @Test
    void servesItsAssetsWithTheRightTypesAndLongCaching() {
        Document page = page(portal.get("/register"));
        String css = page.selectFirst("link[rel=stylesheet]").attr("href");
        String js = page.selectFirst("script[src]").attr("src");
        String logo = page.selectFirst("img.logo").attr("src");

        HttpResponse<String> style = portal.get(css);
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(style.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(portal.get(js).headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(portal.get(logo).headers().firstValue("Content-Type")).hasValue("image/svg+xml");

        String etag = style.headers().firstValue("ETag").orElseThrow();
        assertThat(portal.send(portal.request(css).header("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(portal.get("/static/portal.css").headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(portal.get("/static/../pom.xml").statusCode()).isEqualTo(404);
        assertThat(portal.get("/static/nothing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void weighsLessThan100KilobytesWithEverythingItLoads() {
        HttpResponse<String> response = portal.get("/register?token=DoubleWizardSki");
        Document page = page(response);
        long total = response.body().getBytes(StandardCharsets.UTF_8).length;
        for (String asset : new String[] {
                page.selectFirst("link[rel=stylesheet]").attr("href"), page.selectFirst("script[src]").attr("src"),
                page.selectFirst("img.logo").attr("src"), page.selectFirst("link[rel=icon]").attr("href")}) {
            HttpResponse<String> loaded = portal.get(asset);
            assertThat(loaded.statusCode()).as(asset).isEqualTo(200);
            total += loaded.body().getBytes(StandardCharsets.UTF_8).length;
        }
        assertThat(total).isLessThan(100 * 1024);
    }

    @Test
    void redirectsTheRootToTheForm() {
        HttpResponse<String> response = portal.get("/?token=DoubleWizardSki");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/register?token=DoubleWizardSki");
        assertThat(portal.get("/register/").headers().firstValue("Location")).hasValue("/register");
    }

    @Test
    void reportsHealthWithoutFuss() {
        HttpResponse<String> response = portal.get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("OK");
        assertThat(portal.send(portal.request("/health").method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void answersUnknownPathsAndMethodsPolitely() {
        HttpResponse<String> missing = portal.get("/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"errcode\":\"M_NOT_FOUND\"");

        HttpResponse<String> missingPage = portal.send(portal.request("/nowhere").header("Accept", "text/html")
                .header("Accept-Language", "fr"));
        assertThat(missingPage.statusCode()).isEqualTo(404);
        assertThat(page(missingPage).text()).contains("Cette page n’existe pas.");

        HttpResponse<String> wrongMethod = portal.send(portal.request("/register")
                .method("PUT", HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }
}
