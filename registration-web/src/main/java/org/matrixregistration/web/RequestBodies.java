package org.matrixregistration.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.MultiPartParserDefinition;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of a sign-up: {@code application/x-www-form-urlencoded} (what a browser form
 * sends), {@code multipart/form-data} (what a script's {@code FormData} sends) or a JSON object.
 * Must run on a worker thread (it blocks).
 *
 * <p>Every way a body can be wrong is a {@link Rejected} with a status and a sentence, never an
 * exception that would become a 500: too large (413, checked against {@code Content-Length}
 * before reading and again while reading), a media type we do not read (415), or malformed
 * encoding, JSON that is not an object, a field that is not a string, a file upload, or too many
 * fields (400). Only the sign-up fields are kept; unknown fields are ignored like the old tool did.
 */
final class RequestBodies {
    static final Set<String> FIELDS = Set.of("username", "password", "confirm", "token", "displayname", "lang");
    private static final int MAX_FIELD_COUNT = 64;
    private static final long DRAIN_BYTES = 64 * 1024;

    private final int maxBytes;
    private final int maxFieldChars;

    RequestBodies(int maxBytes, int maxFieldChars) {
        this.maxBytes = maxBytes;
        this.maxFieldChars = maxFieldChars;
    }

    /** Why a body cannot be read; {@code textKey} names the sentence shown on an HTML page. */
    static final class Rejected extends Exception {
        final int status;
        final String errcode;
        final String textKey;

        Rejected(int status, String errcode, String message, String textKey) {
            super(message, null, false, false);
            this.status = status;
            this.errcode = errcode;
            this.textKey = textKey;
        }

        static Rejected malformed(String message) {
            return new Rejected(400, "MR_BAD_REQUEST", message, "error.bad_request");
        }

        static Rejected tooLarge(String message) {
            return new Rejected(413, "M_TOO_LARGE", message, "error.too_large");
        }
    }

    /** The sign-up fields found in a body; absent ones read as empty. */
    record Fields(Map<String, String> values) {
        String get(String name) {
            return values.getOrDefault(name, "");
        }
    }

    /** Whether a request's body is JSON (which also means the client wants JSON back). */
    static boolean isJson(HttpServerExchange exchange) {
        return mediaType(exchange).equals("application/json");
    }

    Fields read(HttpServerExchange exchange) throws Rejected {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBytes) {
            throw Rejected.tooLarge("The request body has " + declared + " bytes; at most " + maxBytes + " are accepted.");
        }
        String type = mediaType(exchange);
        switch (type) {
            case "application/x-www-form-urlencoded":
                requireUtf8(exchange);
                return urlEncoded(body(exchange));
            case "application/json":
                return json(body(exchange));
            case "multipart/form-data":
                return multipart(exchange);
            case "":
                if (body(exchange).length == 0) {
                    return new Fields(Map.of());
                }
                throw unsupported("(none)");
            default:
                throw unsupported(type);
        }
    }

    private static Rejected unsupported(String type) {
        return new Rejected(415, "MR_UNSUPPORTED_MEDIA_TYPE", "Content-Type " + type
                + " is not accepted; send application/x-www-form-urlencoded, multipart/form-data or application/json.",
                "error.bad_request");
    }

    private static String mediaType(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void requireUtf8(HttpServerExchange exchange) throws Rejected {
        String charset = Headers.extractQuotedValueFromHeader(
                exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE), "charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("us-ascii")) {
            throw new Rejected(415, "MR_UNSUPPORTED_MEDIA_TYPE",
                    "charset " + charset + " is not accepted; send UTF-8.", "error.bad_request");
        }
    }

    private byte[] body(HttpServerExchange exchange) throws Rejected {
        try {
            byte[] bytes = exchange.getInputStream().readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                drain(exchange);
                throw Rejected.tooLarge("The request body is larger than " + maxBytes + " bytes.");
            }
            return bytes;
        } catch (RequestTooBigException e) {
            throw Rejected.tooLarge("The request body is larger than " + maxBytes + " bytes.");
        } catch (IOException e) {
            throw Rejected.malformed("The request body could not be read.");
        }
    }

    /**
     * Reads and drops a little more of an oversized body, so that a client still sending it reads
     * our 413 instead of a reset connection; beyond that, the connection is simply closed.
     */
    private static void drain(HttpServerExchange exchange) throws IOException {
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        byte[] sink = new byte[8192];
        long left = DRAIN_BYTES;
        int read;
        while (left > 0 && (read = exchange.getInputStream().read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
            left -= read;
        }
    }

    /**
     * Read here rather than by Undertow's {@code FormEncodedDataDefinition} (which the console uses)
     * because this form carries passwords. Undertow 2.3 decodes bytes that are not UTF-8 to U+FFFD
     * without a word, so an account would get a password other than the one typed, and its
     * confirmation, changed alike, would still match; and it fails on a broken %-escape with an
     * exception of its own rather than an answer. Here either is a 400 that says what is wrong
     * ({@code RequestBodyIT.refusesBrokenFormEncoding}, {@code refusesAPasswordThatIsNotUtf8}).
     * The body is already in memory, read against {@code max_request_bytes} by {@link #body}.
     */
    private Fields urlEncoded(byte[] body) throws Rejected {
        Map<String, String> values = new HashMap<>();
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start);
            if (end > start) {
                if (++count > MAX_FIELD_COUNT) {
                    throw Rejected.malformed("The form has more than " + MAX_FIELD_COUNT + " fields.");
                }
                int equals = indexOf(body, (byte) '=', start);
                int nameEnd = Math.min(equals, end);
                String name = decode(body, start, nameEnd);
                String value = nameEnd < end ? decode(body, nameEnd + 1, end) : "";
                keep(values, name, value);
            }
            start = end + 1;
        }
        return new Fields(values);
    }

    private Fields json(byte[] body) throws Rejected {
        JsonNode root;
        try {
            root = Responses.json().readTree(body);
        } catch (JacksonException e) {
            throw new Rejected(400, "M_NOT_JSON", "The request body is not valid JSON.", "error.bad_request");
        } catch (IOException e) {
            throw Rejected.malformed("The request body could not be read.");
        }
        if (root == null || !root.isObject()) {
            throw new Rejected(400, "M_BAD_JSON", "The request body must be a JSON object.", "error.bad_request");
        }
        if (root.size() > MAX_FIELD_COUNT) {
            throw Rejected.malformed("The JSON object has more than " + MAX_FIELD_COUNT + " fields.");
        }
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey()) || field.getValue().isNull()) {
                continue;
            }
            if (!field.getValue().isTextual()) {
                throw new Rejected(400, "M_BAD_JSON", "The field '" + field.getKey() + "' must be a string.",
                        "error.bad_request");
            }
            keep(values, field.getKey(), field.getValue().textValue());
        }
        return new Fields(values);
    }

    private Fields multipart(HttpServerExchange exchange) throws Rejected {
        MultiPartParserDefinition definition = new MultiPartParserDefinition();
        definition.setDefaultEncoding(StandardCharsets.UTF_8.name());
        definition.setFieldSizeThreshold(maxBytes);
        definition.setFileSizeThreshold(maxBytes);
        exchange.setMaxEntitySize(maxBytes);
        try (FormDataParser parser = definition.create(exchange)) {
            if (parser == null) {
                throw Rejected.malformed("The multipart body has no boundary.");
            }
            FormData data = parser.parseBlocking();
            Map<String, String> values = new HashMap<>();
            int count = 0;
            for (String name : data) {
                for (FormData.FormValue value : data.get(name)) {
                    if (++count > MAX_FIELD_COUNT) {
                        throw Rejected.malformed("The form has more than " + MAX_FIELD_COUNT + " fields.");
                    }
                    if (value.isFileItem()) {
                        throw Rejected.malformed("The field '" + name + "' is a file; files are not accepted.");
                    }
                    keep(values, name, value.getValue());
                }
            }
            return new Fields(values);
        } catch (RequestTooBigException e) {
            throw Rejected.tooLarge("The request body is larger than " + maxBytes + " bytes.");
        } catch (IOException | RuntimeException e) {
            throw Rejected.malformed("The multipart body could not be read.");
        }
    }

    /** The first value of a field wins, as in the old tool; values longer than the limit are refused. */
    private void keep(Map<String, String> values, String name, String value) throws Rejected {
        if (!FIELDS.contains(name)) {
            return;
        }
        if (value.length() > maxFieldChars) {
            throw Rejected.tooLarge("The field '" + name + "' is longer than " + maxFieldChars + " characters.");
        }
        values.putIfAbsent(name, value);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String decode(byte[] body, int from, int to) throws Rejected {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw Rejected.malformed("The form contains a broken %-escape.");
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw Rejected.malformed("The form contains a broken %-escape.");
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Rejected.malformed("The form is not valid UTF-8.");
        }
    }
}
