package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The fuzz corpus ({@code src/test/resources/fuzz}): malformed forms, JSON, headers and request
 * targets sent on raw connections to the real server (the sign-up page, the admin API, readiness),
 * as a client that does not care for the rules would send them. None may get a 5xx or a stack
 * trace; the server must be answering afterwards.
 */
class FuzzIT {
    private static final String FORM = "username=alice&password=correct+horse&confirm=correct+horse&token=NoSuchToken";
    private static final List<String> LEAKS = List.of("Exception", "\tat ", "at org.", "at java.", "at io.undertow",
            "java.lang", "NullPointer");

    private final Map<Integer, Integer> answers = new TreeMap<>();
    private final List<String> closedWithoutAnswer = new ArrayList<>();

    @Test
    void noMalformedRequestGetsA5xxOrAStackTrace() throws IOException {
        try (AdminFixture portal = AdminFixture.start(s -> s.rateLimits(List.of("100000 per minute"))
                .failedAuthLimits(List.of("100000 per minute")))) {
            for (String form : corpus("forms.txt")) {
                check(portal, "form " + form, post("/register", "application/x-www-form-urlencoded", form, ""));
                check(portal, "form as a browser " + form, post("/register", "application/x-www-form-urlencoded", form,
                        "Accept: text/html\r\n"));
            }
            for (String json : corpus("json.txt")) {
                check(portal, "json " + json, post("/register", "application/json", json, ""));
                check(portal, "admin json " + json, post("/api/token", "application/json", json,
                        "Authorization: SharedSecret " + AdminFixture.SECRET + "\r\n"));
                check(portal, "multipart " + json, post("/register", "multipart/form-data; boundary=b",
                        "--b\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + json + "\r\n--b--\r\n", ""));
            }
            for (String header : corpus("headers.txt")) {
                check(portal, "GET with " + header, request("GET", "/register", header + "\r\n", ""));
                check(portal, "POST with " + header, post("/register", "application/x-www-form-urlencoded", FORM,
                        header + "\r\n"));
                check(portal, "readiness with " + header, request("GET", "/health/ready", header + "\r\n", ""));
            }
            for (String target : corpus("urls.txt")) {
                check(portal, "GET " + target, request("GET", target, "", ""));
                check(portal, "POST " + target, request("POST", target, "Content-Length: 0\r\n", ""));
                check(portal, "admin GET " + target, request("GET", target,
                        "Authorization: SharedSecret " + AdminFixture.SECRET + "\r\n", ""));
            }
            System.out.printf("FuzzIT: %d requests, answered %s, closed without an answer %d%n",
                    answers.values().stream().mapToInt(Integer::intValue).sum() + closedWithoutAnswer.size(), answers,
                    closedWithoutAnswer.size());

            assertThat(portal.send(portal.request("/health")).body()).as("still serving").isEqualTo("OK");
            assertThat(answers.keySet()).as("statuses seen").allSatisfy(status -> assertThat(status).isLessThan(500));
        }
    }

    private static String post(String target, String type, String body, String headers) {
        return request("POST", target, "Content-Type: " + type + "\r\n" + headers, body);
    }

    private static String request(String method, String target, String headers, String body) {
        String length = body.isEmpty() || headers.contains("Content-Length") ? ""
                : "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n";
        return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + length + "\r\n"
                + body;
    }

    /** Sends the request (its text is bytes, one per char) and checks the answer. */
    private void check(AdminFixture portal, String what, String request) throws IOException {
        String answer = exchange(portal.port(), request.getBytes(StandardCharsets.ISO_8859_1));
        if (answer.isEmpty()) {
            closedWithoutAnswer.add(what);
            return;
        }
        while (answer.startsWith("HTTP/1.1 1") && answer.contains("\r\n\r\n")) {
            answer = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
        assertThat(answer).as(what).startsWith("HTTP/1.1 ");
        int status = Integer.parseInt(answer.substring(9, 12));
        answers.merge(status, 1, Integer::sum);
        assertThat(status).as("%s answered%n%s", what, answer).isLessThan(500);
        for (String leak : LEAKS) {
            assertThat(answer).as("%s shows no stack trace", what).doesNotContain(leak);
        }
    }

    private static String exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try {
                int read;
                while ((read = in.read(chunk)) >= 0) {
                    answer.write(chunk, 0, read);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 10 s to " + new String(request, StandardCharsets.ISO_8859_1), e);
            } catch (IOException reset) {
                // the server closed the connection early; what came before counts
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The cases of a corpus file: one per line, comments and blank lines skipped, escapes decoded. */
    private static List<String> corpus(String file) {
        try (InputStream in = FuzzIT.class.getResourceAsStream("/fuzz/" + file)) {
            List<String> cases = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    cases.add(unescape(line));
                }
            }
            assertThat(cases).as(file).hasSizeGreaterThan(10);
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code \xNN} is a byte (as a char below 256), {@code \r \n \t \\} as in Java; UTF-8 text becomes its bytes. */
    private static String unescape(String line) {
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < utf8.length; i++) {
            char c = (char) (utf8[i] & 0xFF);
            if (c == '\\' && i + 1 < utf8.length) {
                char next = (char) utf8[i + 1];
                if (next == 'x' && i + 3 < utf8.length) {
                    out.append((char) Integer.parseInt(new String(utf8, i + 2, 2, StandardCharsets.US_ASCII), 16));
                    i += 3;
                    continue;
                }
                if (next == 'r' || next == 'n' || next == 't' || next == '\\') {
                    out.append(next == 'r' ? '\r' : next == 'n' ? '\n' : next == 't' ? '\t' : '\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
