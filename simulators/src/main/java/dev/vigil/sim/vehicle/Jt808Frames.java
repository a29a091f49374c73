package dev.vigil.sim.vehicle;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The terminal side of JT/T 808 framing for the simulator: builds messages (2013 or 2019 header,
 * XOR check code, 0x7e/0x7d escaping) and reads the platform's replies from a stream.
 */
final class Jt808Frames {
    static final Charset GBK = Charset.forName("GBK");
    private static final DateTimeFormatter BCD_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(ZoneId.of("Asia/Shanghai"));

    /** A reply: message id and body. */
    record Reply(int id, byte[] body) {
        int u16(int off) {
            return (body[off] & 0xFF) << 8 | (body[off + 1] & 0xFF);
        }
    }

    private Jt808Frames() {}

    /** A whole frame for {@code phone} (digits) with the given serial. */
    static byte[] frame(int id, String phone, int serial, boolean v2019, byte[] body) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        put16(raw, id);
        put16(raw, body.length | (v2019 ? 0x4000 : 0));
        if (v2019) raw.write(1);
        raw.writeBytes(bcd(phone, v2019 ? 10 : 6));
        put16(raw, serial);
        raw.writeBytes(body);
        byte[] b = raw.toByteArray();
        int x = 0;
        for (byte c : b) x ^= c;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + 8);
        out.write(0x7e);
        for (byte c : b) escape(out, c & 0xFF);
        escape(out, x & 0xFF);
        out.write(0x7e);
        return out.toByteArray();
    }

    private static void escape(ByteArrayOutputStream out, int c) {
        if (c == 0x7e || c == 0x7d) {
            out.write(0x7d);
            out.write(c == 0x7e ? 0x02 : 0x01);
        } else {
            out.write(c);
        }
    }

    /** Reads the next reply frame (blocking); returns null when it is malformed. */
    static Reply read(InputStream in) throws IOException {
        int c;
        do {
            c = in.read();
            if (c < 0) throw new EOFException("connection closed by the gateway");
        } while (c != 0x7e);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while ((c = in.read()) != 0x7e) {
            if (c < 0) throw new EOFException("connection closed by the gateway");
            if (c == 0x7d) c = in.read() == 0x02 ? 0x7e : 0x7d;
            b.write(c);
        }
        byte[] f = b.toByteArray();
        if (f.length < 13) return f.length == 0 ? read(in) : null;
        int props = (f[2] & 0xFF) << 8 | (f[3] & 0xFF);
        int header = (props & 0x4000) != 0 ? 17 : 12;
        int len = props & 0x3FF;
        if (f.length != header + len + 1) return null;
        byte[] body = new byte[len];
        System.arraycopy(f, header, body, 0, len);
        return new Reply((f[0] & 0xFF) << 8 | (f[1] & 0xFF), body);
    }

    /** A 0x0200 body from a hazmat-vehicle reading (see {@link VehicleModel#reading}). */
    static byte[] location(Map<String, Object> r, long alarm) {
        boolean fix = Boolean.TRUE.equals(r.get("gnss_fix"));
        double lat = fix ? ((Number) r.get("lat")).doubleValue() : 0;
        double lon = fix ? ((Number) r.get("lon")).doubleValue() : 0;
        long status = (Boolean.TRUE.equals(r.get("acc")) ? 1 : 0) | (fix ? 2 : 0) | (lat < 0 ? 4 : 0) | (lon < 0 ? 8 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(48);
        put32(out, alarm);
        put32(out, status);
        put32(out, Math.round(Math.abs(lat) * 1e6));
        put32(out, Math.round(Math.abs(lon) * 1e6));
        put16(out, fix ? (int) Math.round(((Number) r.get("altitude")).doubleValue()) : 0);
        put16(out, (int) Math.round(((Number) r.get("speed")).doubleValue() * 10));
        put16(out, fix ? ((Number) r.get("heading")).intValue() : 0);
        out.writeBytes(bcd(BCD_TIME.format(Instant.ofEpochMilli(((Number) r.get("ts")).longValue())), 6));
        if (r.get("mileage") instanceof Number m) {
            out.write(0x01);
            out.write(4);
            put32(out, Math.round(m.doubleValue() * 10));
        }
        Object lock = r.get("lock");
        if (lock != null) { // vendor item 0xE1, the hazmat-vehicle profile's default mapping
            out.write(0xE1);
            out.write(1);
            out.write(switch (String.valueOf(lock)) {
                case "unlocked" -> 1;
                case "tampered" -> 2;
                default -> 0;
            });
        }
        return out.toByteArray();
    }

    static byte[] bcd(String digits, int n) {
        String d = "0".repeat(Math.max(0, 2 * n - digits.length())) + digits;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) ((d.charAt(2 * i) - '0') << 4 | (d.charAt(2 * i + 1) - '0'));
        return out;
    }

    static void put16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8 & 0xFF);
        out.write(v & 0xFF);
    }

    static void put32(ByteArrayOutputStream out, long v) {
        put16(out, (int) (v >> 16 & 0xFFFF));
        put16(out, (int) (v & 0xFFFF));
    }
}
