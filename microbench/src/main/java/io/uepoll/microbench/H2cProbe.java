package io.uepoll.microbench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks an h2c server with hand-made HTTP/2 frames (no client library in between): the preface,
 * an empty SETTINGS, then {@code n} GETs on streams 1, 3, 5, ... in one write; every stream must end
 * with HEADERS :status 200 and the body "Hello, World!".
 */
final class H2cProbe {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int SETTINGS = 4;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    /** HPACK static table: :method GET (2), :scheme http (6), :path / (4). */
    private static final byte[] GET_ROOT = {(byte) 0x82, (byte) 0x86, (byte) 0x84};
    /** HPACK static table index 8: :status 200. */
    private static final int STATUS_200 = 0x88;

    private H2cProbe() {
    }

    /** Null when all {@code n} streams got the expected answer, else what went wrong. */
    static String check(int port, int n) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.writeBytes(PREFACE);
            frame(req, SETTINGS, 0, 0, new byte[0]);
            for (int i = 0; i < n; i++) {
                frame(req, HEADERS, END_STREAM | END_HEADERS, 2 * i + 1, GET_ROOT);
            }
            s.getOutputStream().write(req.toByteArray());
            return readAnswers(new DataInputStream(s.getInputStream()), n);
        } catch (IOException e) {
            return "h2c request failed: " + e;
        }
    }

    private static String readAnswers(DataInputStream in, int n) throws IOException {
        Map<Integer, StringBuilder> bodies = new HashMap<>();
        Map<Integer, Boolean> ok = new HashMap<>();
        int ended = 0;
        while (ended < n) {
            int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = in.readNBytes(length);
            if (stream == 0) {
                continue; // SETTINGS, WINDOW_UPDATE, PING: the connection's, not an answer
            }
            if (type == HEADERS) {
                ok.put(stream, payload.length > 0 && (payload[0] & 0xff) == STATUS_200);
            } else if (type == DATA) {
                bodies.computeIfAbsent(stream, k -> new StringBuilder())
                        .append(new String(payload, StandardCharsets.US_ASCII));
            } else {
                return "unexpected frame type " + type + " on stream " + stream;
            }
            if ((flags & END_STREAM) != 0) {
                ended++;
            }
        }
        for (int i = 0; i < n; i++) {
            int stream = 2 * i + 1;
            StringBuilder body = bodies.get(stream);
            if (!ok.getOrDefault(stream, false) || body == null || !"Hello, World!".contentEquals(body)) {
                return "stream " + stream + ": status 200 " + ok.get(stream) + ", body '" + body + "'";
            }
        }
        return null;
    }

    private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(stream >>> 24);
        out.write(stream >>> 16);
        out.write(stream >>> 8);
        out.write(stream);
        out.writeBytes(payload);
    }
}
