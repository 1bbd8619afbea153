package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.PortalFixture;

/** Malformed, oversized and unexpected bodies get a clear 400, 413 or 415, never a 500. */
class RequestBodyIT {
    private static PortalFixture portal;

    @BeforeAll
    static void start() {
        portal = PortalFixture.start(settings -> settings.maxRequestBytes(4096).maxFieldChars(1024));
        portal.addToken("DoubleWizardSki", 0);
    }

    @AfterAll
    static void stop() {
        portal.close();
    }

    private static HttpResponse<String> post(String contentType, byte[] body) {
        return portal.send(portal.request("/register").header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static HttpResponse<String> post(String contentType, String body) {
        return post(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesAnOversizedBody() {
        HttpResponse<String> response = post("application/x-www-form-urlencoded", "username=" + "a".repeat(5000));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("M_TOO_LARGE", "4096");
    }

    @Test
    void refusesAnOversizedBodySentInChunks() {
        byte[] big = ("token=" + "a".repeat(6000)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = portal.send(portal.request("/register")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void refusesAnOversizedField() {
        HttpResponse<String> response = post("application/x-www-form-urlencoded", "username=" + "a".repeat(1500));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("'username'", "1024");
    }

    @Test
    void refusesContentTypesItDoesNotRead() {
        HttpResponse<String> response = post("text/plain", "username=alice");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("MR_UNSUPPORTED_MEDIA_TYPE", "application/x-www-form-urlencoded");
        assertThat(post("application/x-www-form-urlencoded; charset=iso-8859-1", "username=alice").statusCode())
                .isEqualTo(415);
    }

    @Test
    void refusesMalformedJson() {
        assertThat(post("application/json", "{\"username\": ").body()).contains("M_NOT_JSON");
        assertThat(post("application/json", "{\"username\": ").statusCode()).isEqualTo(400);
        assertThat(post("application/json", "[1, 2]").body()).contains("M_BAD_JSON", "object");
        HttpResponse<String> notAString = post("application/json", "{\"username\": [\"alice\"]}");
        assertThat(notAString.statusCode()).isEqualTo(400);
        assertThat(notAString.body()).contains("'username' must be a string");
    }

    @Test
    void refusesBrokenFormEncoding() {
        assertThat(post("application/x-www-form-urlencoded", "username=%zz").statusCode()).isEqualTo(400);
        assertThat(post("application/x-www-form-urlencoded", "username=abc%4").statusCode()).isEqualTo(400);
        HttpResponse<String> notUtf8 = post("application/x-www-form-urlencoded", "username=%ff%fe");
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(notUtf8.body()).contains("UTF-8");
    }

    /** Undertow's form parser would read these bytes as U+FFFD and set a password nobody typed. */
    @Test
    void refusesAPasswordThatIsNotUtf8() {
        int creations = portal.homeserver().creations();
        String notUtf8 = "%C3%28pass%FFword";
        HttpResponse<String> escaped = post("application/x-www-form-urlencoded", "username=grace&password=" + notUtf8
                + "&confirm=" + notUtf8 + "&token=DoubleWizardSki");
        assertThat(escaped.statusCode()).isEqualTo(400);
        assertThat(escaped.body()).contains("not valid UTF-8");

        byte[] raw = "username=grace&password=pass\u00ffword&confirm=pass\u00ffword&token=DoubleWizardSki"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> unescaped = post("application/x-www-form-urlencoded", raw);
        assertThat(unescaped.statusCode()).isEqualTo(400);
        assertThat(unescaped.body()).contains("not valid UTF-8");
        assertThat(portal.homeserver().creations()).as("no account was made").isEqualTo(creations);
    }

    @Test
    void readsMultipartFormsButNoFiles() {
        String boundary = "----portal";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nmulti\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\ncorrect horse\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"confirm\"\r\n\r\ncorrect horse\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nDoubleWizardSki\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> response = post("multipart/form-data; boundary=" + boundary, form);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("@multi:example.org");

        String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
        HttpResponse<String> file = post("multipart/form-data; boundary=" + boundary, upload);
        assertThat(file.statusCode()).isEqualTo(400);
        assertThat(file.body()).contains("files are not accepted");
    }

    @Test
    void treatsAnEmptyBodyAsAnEmptyForm() {
        HttpResponse<String> response = portal.send(portal.request("/register").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("MR_BAD_USER_REQUEST", "Choose a username.");
    }

    @Test
    void explainsABadBodyToABrowserInItsLanguage() {
        HttpResponse<String> response = portal.send(portal.request("/register")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .header("Accept-Language", "es")
                .POST(HttpRequest.BodyPublishers.ofString("username=%zz")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("No se pudo leer el formulario.");
    }
}
