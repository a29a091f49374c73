package dev.vigil.gateway.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One spooled record: a group of line-protocol lines (the readings of one message, or alert
 * events) with their final timestamps, the number of lines and when it was spooled. Stored as the
 * value {@code [appendedAtMillis:8][lines:4][UTF-8 line protocol]} under an 8-byte big-endian
 * sequence number, so RocksDB's byte order is the spool's order.
 *
 * @param seq        the record's sequence number (its key)
 * @param appendedAt when it was spooled (epoch ms)
 * @param lines      number of line-protocol lines (points)
 * @param text       the lines, each ending in a newline
 */
public record SpoolRecord(long seq, long appendedAt, int lines, byte[] text) {
    static final int HEADER = 12;

    /** The stored value for {@code lines} lines of {@code text}. */
    static byte[] value(long appendedAt, int lines, byte[] text) {
        return ByteBuffer.allocate(HEADER + text.length).putLong(appendedAt).putInt(lines).put(text).array();
    }

    static SpoolRecord decode(byte[] key, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        long at = b.getLong();
        int lines = b.getInt();
        byte[] text = new byte[value.length - HEADER];
        b.get(text);
        return new SpoolRecord(seq(key), at, lines, text);
    }

    /** Bytes this record takes in the spool's accounting (its stored value). */
    public int size() {
        return HEADER + text.length;
    }

    public String textAsString() {
        return new String(text, StandardCharsets.UTF_8);
    }

    static byte[] key(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    static long seq(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }
}
