package org.matrixregistration.web;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /static/<name>}: the page's stylesheet, script and images, held in memory and served
 * on the I/O thread. Pages link them with {@code ?v=<content hash>}, so they may be cached for a
 * year; a request for a name we do not have is a 404, and no name ever reaches the file system.
 *
 * <p>The configured {@code client_logo} is read once at start-up (a bad one stops the start) and
 * served as {@code client-logo}; without one, the bundled {@code logo.svg} is shown. The bundled
 * assets are read from the jar and hashed when a page or a request first needs them: the 10-20 ms
 * of interpreted reading that a start (and {@code /health}) can do without.
 */
final class StaticAssets implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StaticAssets.class);
    static final int MAX_LOGO_BYTES = 1024 * 1024;
    /** With a larger logo the whole page would no longer stay under 100 KB. */
    static final int LIGHT_LOGO_BYTES = 60 * 1024;
    private static final String CLIENT_LOGO = "client-logo";
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "jpg", "image/jpeg",
            "jpeg", "image/jpeg",
            "gif", "image/gif",
            "webp", "image/webp",
            "ico", "image/x-icon");

    private record Asset(byte[] body, String contentType, String version) {
        String etag() {
            return "\"" + version + "\"";
        }
    }

    /** The same for every portal in the process; loaded by the first use (class initialisation). */
    private static final class Bundled {
        static final Map<String, Asset> ASSETS = load();

        private static Map<String, Asset> load() {
            Map<String, Asset> assets = new HashMap<>();
            for (String name : new String[] {"portal.css", "portal.js", "logo.svg", "console.css", "console.js"}) {
                assets.put(name, asset(name, bundled(name)));
            }
            return Map.copyOf(assets);
        }
    }

    private final String prefix;
    private final Optional<Asset> clientLogo;

    StaticAssets(String basePath, Optional<Path> clientLogo) {
        this.prefix = basePath + "/static/";
        this.clientLogo = clientLogo.map(logo -> asset(logo.getFileName().toString(), readLogo(logo)));
    }

    private Asset find(String name) {
        return name.equals(CLIENT_LOGO) ? clientLogo.orElse(null) : Bundled.ASSETS.get(name);
    }

    /** The versioned address of an asset, e.g. {@code /element/static/portal.css?v=1a2b3c4d5e6f}. */
    String url(String name) {
        Asset asset = find(name);
        if (asset == null) {
            throw new IllegalArgumentException("no static asset " + name);
        }
        return prefix + name + "?v=" + asset.version();
    }

    String logoUrl() {
        return url(clientLogo.isPresent() ? CLIENT_LOGO : "logo.svg");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        Asset asset = path.startsWith(prefix) ? find(path.substring(prefix.length())) : null;
        if (asset == null) {
            Responses.text(exchange, StatusCodes.NOT_FOUND, "Not found");
            return;
        }
        boolean versioned = asset.version().equals(exchange.getQueryParameters().containsKey("v")
                ? exchange.getQueryParameters().get("v").getFirst() : null);
        exchange.getResponseHeaders()
                .put(Headers.CACHE_CONTROL, versioned ? "public, max-age=31536000, immutable" : "public, max-age=300")
                .put(Headers.ETAG, asset.etag());
        String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        if (asset.etag().equals(ifNoneMatch)) {
            exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, asset.contentType())
                .put(Headers.CONTENT_LENGTH, asset.body().length);
        exchange.getResponseSender().send(ByteBuffer.wrap(asset.body()));
    }

    private static Asset asset(String fileName, byte[] body) {
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            throw new IllegalArgumentException("client_logo must be an image file (.svg, .png, .jpg, .gif, .webp or .ico); got "
                    + fileName);
        }
        return new Asset(body, type, version(body));
    }

    private static byte[] bundled(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled asset static/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readLogo(Path logo) {
        try {
            if (!Files.isRegularFile(logo)) {
                throw new IllegalArgumentException("client_logo: no such file " + logo.toAbsolutePath());
            }
            long size = Files.size(logo);
            if (size > MAX_LOGO_BYTES) {
                throw new IllegalArgumentException("client_logo: " + logo.toAbsolutePath() + " has " + size
                        + " bytes; the logo may have at most " + MAX_LOGO_BYTES + " bytes");
            }
            if (size > LIGHT_LOGO_BYTES) {
                LOG.warn("client_logo {} has {} bytes; a logo under {} bytes keeps the page light on phones",
                        logo.toAbsolutePath(), size, LIGHT_LOGO_BYTES);
            }
            return Files.readAllBytes(logo);
        } catch (IOException e) {
            throw new IllegalArgumentException("client_logo: cannot read " + logo.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What changes in an asset's address and ETag when its content does: 48 bits of two CRCs, which
     * tell one release's file from the next as well as a cryptographic digest would (nobody gains by
     * forging a collision with a stylesheet). A SHA-256 digest took about 30 ms of the portal's start:
     * setting up the security providers, then digesting the files in the interpreter.
     */
    private static String version(byte[] body) {
        CRC32C castagnoli = new CRC32C();
        castagnoli.update(body);
        CRC32 ieee = new CRC32();
        ieee.update(body);
        return HexFormat.of().toHexDigits(castagnoli.getValue() << 32 | ieee.getValue()).substring(0, 12);
    }
}
