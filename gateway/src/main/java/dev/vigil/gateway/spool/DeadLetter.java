package dev.vigil.gateway.spool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A replay batch InfluxDB refused with 400 (e.g. a field type conflict), kept aside with its error
 * so the spool moves on; {@code vigil spool dead-letters} lists them and can re-queue them.
 *
 * @param firstSeq  sequence number of the batch's first record (its key)
 * @param lastSeq   sequence number of its last record
 * @param at        when it was refused (epoch ms)
 * @param error     InfluxDB's answer
 * @param lines     number of line-protocol lines
 * @param text      the lines
 */
public record DeadLetter(long firstSeq, long lastSeq, long at, String error, int lines, byte[] text) {

    byte[] value() {
        byte[] e = error.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 8 + 4 + e.length + 4 + text.length).putLong(lastSeq).putLong(at)
                .putInt(e.length).put(e).putInt(lines).put(text).array();
    }

    static DeadLetter decode(byte[] key, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        long last = b.getLong();
        long at = b.getLong();
        byte[] e = new byte[b.getInt()];
        b.get(e);
        int lines = b.getInt();
        byte[] text = new byte[b.remaining()];
        b.get(text);
        return new DeadLetter(SpoolRecord.seq(key), last, at, new String(e, StandardCharsets.UTF_8), lines, text);
    }
}
