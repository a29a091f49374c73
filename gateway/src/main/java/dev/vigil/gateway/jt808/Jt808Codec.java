package dev.vigil.gateway.jt808;

import java.io.ByteArrayOutputStream;

/**
 * JT/T 808 frames to messages and back (plain Java, no I/O): unescape (0x7d 0x02 → 0x7e,
 * 0x7d 0x01 → 0x7d), verify the XOR check code over header and body, decode the 2013 or 2019
 * header; and the reverse for the platform's replies.
 */
public final class Jt808Codec {
    public static final int DELIMITER = 0x7e;
    private static final int ESCAPE = 0x7d;

    private Jt808Codec() {}

    /**
     * Decodes the bytes between two 0x7e delimiters (still escaped).
     *
     * @throws FrameException naming the reason: wrong escape, bad check code, truncated, body
     *                        length mismatch or a header that is not BCD
     */
    public static Jt808Message decode(byte[] escaped) throws FrameException {
        byte[] b = unescape(escaped);
        if (b.length < 13) {
            throw new FrameException(FrameException.Reason.TRUNCATED, "frame of " + b.length + " bytes is shorter than a header and check code (13)");
        }
        int id = u16(b, 0);
        int props = u16(b, 2);
        boolean v2019 = (props & 0x4000) != 0;
        boolean split = (props & 0x2000) != 0;
        int headerLen = (v2019 ? 17 : 12) + (split ? 4 : 0);
        int available = b.length - 1 - headerLen;
        if (available < 0) {
            throw new FrameException(FrameException.Reason.TRUNCATED, String.format("message 0x%04x: %d bytes are shorter than its %s header (%d)",
                    id, b.length - 1, v2019 ? "2019" : "2013", headerLen));
        }
        int bodyLength = props & 0x3FF;
        // length first: a frame cut short is reported as truncated, not as a bad check code
        if (available < bodyLength) {
            throw new FrameException(FrameException.Reason.TRUNCATED, String.format(
                    "message 0x%04x: body of %d bytes, the header announces %d", id, available, bodyLength));
        }
        if (available > bodyLength) {
            throw new FrameException(FrameException.Reason.LENGTH, String.format(
                    "message 0x%04x: body of %d bytes, the header announces %d", id, available, bodyLength));
        }
        int check = 0;
        for (int i = 0; i < b.length - 1; i++) check ^= b[i];
        if ((check & 0xFF) != (b[b.length - 1] & 0xFF)) {
            throw new FrameException(FrameException.Reason.CHECK_CODE, String.format(
                    "check code 0x%02x does not match the XOR of header and body 0x%02x", b[b.length - 1] & 0xFF, check & 0xFF));
        }
        int p = 4;
        int version = 0;
        if (v2019) version = b[p++] & 0xFF;
        int phoneBytes = v2019 ? 10 : 6;
        String phone = bcd(b, p, phoneBytes);
        if (phone == null) throw new FrameException(FrameException.Reason.HEADER, String.format("message 0x%04x: phone number is not BCD", id));
        p += phoneBytes;
        int serial = u16(b, p);
        p += 2;
        int total = 0;
        int index = 0;
        if (split) {
            total = u16(b, p);
            index = u16(b, p + 2);
            p += 4;
        }
        byte[] body = new byte[bodyLength];
        System.arraycopy(b, p, body, 0, bodyLength);
        return new Jt808Message(new Jt808Header(id, bodyLength, (props >> 10) & 0x7, split, v2019, version, phone, serial, total, index), body);
    }

    /** Reverses the escaping; a 0x7d not followed by 0x01 or 0x02 is a wrong escape. */
    public static byte[] unescape(byte[] in) throws FrameException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int c = in[i] & 0xFF;
            if (c == ESCAPE) {
                int next = i + 1 < in.length ? in[i + 1] & 0xFF : -1;
                if (next == 0x01) out.write(ESCAPE);
                else if (next == 0x02) out.write(DELIMITER);
                else throw new FrameException(FrameException.Reason.ESCAPE, next < 0 ? "frame ends in the escape byte 0x7d"
                            : String.format("wrong escape 0x7d 0x%02x at byte %d (only 0x7d 0x01 and 0x7d 0x02 are defined)", next, i));
                i++;
            } else if (c == DELIMITER) {
                throw new FrameException(FrameException.Reason.ESCAPE, "unescaped 0x7e inside a frame at byte " + i);
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** A whole frame (with both 0x7e delimiters) of a message with this header and body. */
    public static byte[] encode(Jt808Header h, byte[] body) {
        if (body.length > 0x3FF) throw new IllegalArgumentException("body of " + body.length + " bytes exceeds 1023; split it");
        ByteArrayOutputStream raw = new ByteArrayOutputStream(h.length() + body.length + 1);
        int props = body.length | (h.encryption() & 0x7) << 10 | (h.split() ? 0x2000 : 0) | (h.v2019() ? 0x4000 : 0);
        put16(raw, h.messageId());
        put16(raw, props);
        if (h.v2019()) raw.write(h.protocolVersion());
        raw.writeBytes(toBcd(h.phone(), h.v2019() ? 10 : 6));
        put16(raw, h.serial());
        if (h.split()) {
            put16(raw, h.packetTotal());
            put16(raw, h.packetIndex());
        }
        raw.writeBytes(body);
        byte[] b = raw.toByteArray();
        int check = 0;
        for (byte x : b) check ^= x;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 2 + 3);
        out.write(DELIMITER);
        for (byte x : b) escapeInto(out, x & 0xFF);
        escapeInto(out, check & 0xFF);
        out.write(DELIMITER);
        return out.toByteArray();
    }

    private static void escapeInto(ByteArrayOutputStream out, int c) {
        if (c == DELIMITER) {
            out.write(ESCAPE);
            out.write(0x02);
        } else if (c == ESCAPE) {
            out.write(ESCAPE);
            out.write(0x01);
        } else {
            out.write(c);
        }
    }

    /** BCD digits of {@code n} bytes at {@code off}, or null when a nibble is not 0-9. */
    static String bcd(byte[] b, int off, int n) {
        char[] c = new char[n * 2];
        for (int i = 0; i < n; i++) {
            int hi = (b[off + i] >> 4) & 0xF;
            int lo = b[off + i] & 0xF;
            if (hi > 9 || lo > 9) return null;
            c[2 * i] = (char) ('0' + hi);
            c[2 * i + 1] = (char) ('0' + lo);
        }
        return new String(c);
    }

    /** {@code digits} as {@code n} BCD bytes, left-padded with zeros. */
    static byte[] toBcd(String digits, int n) {
        if (digits.length() > 2 * n || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + digits + "' is not a number of at most " + 2 * n + " digits");
        }
        String d = "0".repeat(2 * n - digits.length()) + digits;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) ((d.charAt(2 * i) - '0') << 4 | (d.charAt(2 * i + 1) - '0'));
        return out;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static long u32(byte[] b, int off) {
        return (long) u16(b, off) << 16 | u16(b, off + 2);
    }

    private static void put16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8 & 0xFF);
        out.write(v & 0xFF);
    }
}
