package org.matrixregistration.web.console;

import io.nayuki.qrcodegen.QrCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * An invite link as a QR code, drawn from the module grid that Nayuki's QR Code generator makes
 * (error correction level M: a link survives a creased print-out): as SVG for the page, and as a
 * black-and-white PNG for download. The PNG is written here (signature, IHDR, one IDAT, IEND) rather
 * than through {@code javax.imageio}, which would pull AWT into the runtime for one picture.
 */
final class QrCodes {
    /** The quiet zone the standard asks for, in modules. */
    private static final int BORDER = 4;
    /** Pixels per module in the PNG: about 300 px for a typical invite link. */
    private static final int PNG_SCALE = 8;

    private QrCodes() {}

    static String svg(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size + 2 * BORDER;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#ffffff\"/>"
                + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
    }

    static byte[] png(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int pixels = (qr.size + 2 * BORDER) * PNG_SCALE;
        int rowBytes = (pixels + 7) / 8;
        // One filter byte (0: none) and a 1-bit-per-pixel row; a set bit is white.
        byte[] raw = new byte[pixels * (rowBytes + 1)];
        for (int py = 0; py < pixels; py++) {
            int rowStart = py * (rowBytes + 1);
            for (int px = 0; px < pixels; px++) {
                int x = px / PNG_SCALE - BORDER;
                int y = py / PNG_SCALE - BORDER;
                boolean dark = x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
                if (!dark) {
                    raw[rowStart + 1 + px / 8] |= (byte) (0x80 >>> (px % 8));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(pixels).putInt(pixels)
                .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
