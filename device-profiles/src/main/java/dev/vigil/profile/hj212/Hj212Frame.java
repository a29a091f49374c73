package dev.vigil.profile.hj212;

import java.nio.charset.Charset;

/**
 * Wraps a data segment in the HJ 212 frame: {@code ##}, four decimal digits of the segment's
 * length in bytes, the segment, its {@link Hj212Crc check code} as four hex digits, CR LF.
 */
public final class Hj212Frame {
    /** Data segments are ASCII, with GBK for the few text values that carry Chinese. */
    public static final Charset CHARSET = Charset.forName("GBK");
    /** Bytes around the data segment: "##", length, check code, CR LF. */
    public static final int OVERHEAD = 2 + 4 + 4 + 2;

    private Hj212Frame() {}

    /** The frame of a data segment. */
    public static byte[] encode(String dataSegment) {
        byte[] data = dataSegment.getBytes(CHARSET);
        if (data.length > 9999) throw new IllegalArgumentException("data segment of " + data.length + " bytes: at most 9999 fit the length field");
        String head = "##" + String.format("%04d", data.length);
        String tail = Hj212Crc.hex(Hj212Crc.of(data)) + "\r\n";
        byte[] out = new byte[OVERHEAD + data.length];
        System.arraycopy(head.getBytes(CHARSET), 0, out, 0, 6);
        System.arraycopy(data, 0, out, 6, data.length);
        System.arraycopy(tail.getBytes(CHARSET), 0, out, 6 + data.length, 6);
        return out;
    }
}
