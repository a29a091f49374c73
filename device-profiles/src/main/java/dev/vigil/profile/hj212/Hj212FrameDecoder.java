package dev.vigil.profile.hj212;

import java.util.Arrays;

/**
 * Cuts a TCP byte stream into HJ 212 data segments: finds {@code ##}, reads the four-digit
 * length, checks the CR LF where the length says the frame ends and the check code, and hands
 * each good data segment to the listener. A frame with a bad length, a bad check code or a
 * length above the limit is dropped (the standard wants no reply), reported, and the decoder
 * resynchronises on the next {@code ##}, so one broken frame never loses the frames after it.
 * Lower-case hex check codes are accepted. Not thread-safe: one per connection.
 */
public final class Hj212FrameDecoder {

    /** Why bytes were dropped. */
    public enum Drop {
        /** Bytes before a "##" that start no frame. */
        GARBAGE("garbage"),
        /** The length field is not four digits, or the frame does not end with CR LF where the length says. */
        BAD_LENGTH("bad_length"),
        /** The length is above the configured limit. */
        OVERSIZED("oversized"),
        /** The check code does not match the data segment. */
        BAD_CRC("bad_crc");

        private final String label;

        Drop(String label) {
            this.label = label;
        }

        /** Lower-case name for metrics and logs. */
        public String label() {
            return label;
        }
    }

    /** Receives decoded segments and drops. */
    public interface Listener {
        /** A data segment whose length and check code were right. */
        void onSegment(String dataSegment);

        /** Bytes that were thrown away, with why (detail is for the log). */
        void onDrop(Drop reason, String detail);
    }

    private final int maxDataBytes;
    private final Listener listener;
    private byte[] buf = new byte[256];
    private int len;

    /**
     * @param maxDataBytes longest data segment accepted (the standard allows 1024; at most 9999)
     */
    public Hj212FrameDecoder(int maxDataBytes, Listener listener) {
        if (maxDataBytes < 1 || maxDataBytes > 9999) throw new IllegalArgumentException("maxDataBytes must be 1..9999, got " + maxDataBytes);
        this.maxDataBytes = maxDataBytes;
        this.listener = listener;
    }

    /** Bytes received that do not form a whole frame yet (a truncated frame waits here). */
    public int pending() {
        return len;
    }

    /** Drops what is pending (e.g. the connection went idle in the middle of a frame); returns how many bytes. */
    public int discardPending() {
        int n = len;
        len = 0;
        return n;
    }

    /** Feeds received bytes; calls the listener for every complete frame or drop they finish. */
    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Feeds {@code n} received bytes from {@code off}. */
    public void feed(byte[] chunk, int off, int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        System.arraycopy(chunk, off, buf, len, n);
        len += n;
        int pos = 0;
        while (true) {
            int start = indexOfStart(pos);
            if (start < 0) {
                // keep a trailing '#' that may begin the next frame
                int keep = len > pos && buf[len - 1] == '#' ? 1 : 0;
                if (len - keep > pos) drop(Drop.GARBAGE, (len - keep - pos) + " bytes outside any frame");
                pos = len - keep;
                break;
            }
            if (start > pos) drop(Drop.GARBAGE, (start - pos) + " bytes before '##'");
            pos = start;
            if (len - pos < 6) break;
            int dataLen = digits(pos + 2);
            if (dataLen < 0) {
                drop(Drop.BAD_LENGTH, "length field '" + ascii(pos + 2, 4) + "' is not four digits");
                pos += 2;
                continue;
            }
            if (dataLen > maxDataBytes) {
                drop(Drop.OVERSIZED, "data segment of " + dataLen + " bytes exceeds the limit of " + maxDataBytes);
                pos += 2;
                continue;
            }
            int end = pos + Hj212Frame.OVERHEAD + dataLen;
            if (len < end) break;
            if (buf[end - 2] != '\r' || buf[end - 1] != '\n') {
                drop(Drop.BAD_LENGTH, "no CR LF after " + dataLen + " bytes of data and the check code: the length does not match");
                pos += 2;
                continue;
            }
            int dataStart = pos + 6;
            int crcAt = dataStart + dataLen;
            int sent = hex(crcAt);
            int actual = Hj212Crc.of(buf, dataStart, dataLen);
            if (sent != actual) {
                drop(Drop.BAD_CRC, "check code '" + ascii(crcAt, 4) + "', computed " + Hj212Crc.hex(actual));
            } else {
                listener.onSegment(new String(buf, dataStart, dataLen, Hj212Frame.CHARSET));
            }
            pos = end;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
        }
    }

    private void drop(Drop reason, String detail) {
        listener.onDrop(reason, detail);
    }

    private int indexOfStart(int from) {
        for (int i = from; i + 1 < len; i++) {
            if (buf[i] == '#' && buf[i + 1] == '#') return i;
        }
        return -1;
    }

    private int digits(int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            byte c = buf[i];
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private int hex(int at) {
        int v = 0;
        for (int i = at; i < at + 4; i++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) return -1;
            v = (v << 4) | d;
        }
        return v;
    }

    private String ascii(int at, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = at; i < at + n && i < len; i++) {
            int c = buf[i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }
}
