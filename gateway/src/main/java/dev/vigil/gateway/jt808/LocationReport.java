package dev.vigil.gateway.jt808;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JT/T 808 location report (the body of 0x0200, and each item of 0x0704): alarm and status
 * words, position, speed, heading, the terminal's time, and the additional-information items.
 *
 * @param alarm     alarm flags DWORD
 * @param status    status DWORD (bit 0 ACC, 1 fixed, 2 south, 3 west ...)
 * @param latMicro  latitude in 10⁻⁶ degrees, signed (negative when the south bit is set)
 * @param lonMicro  longitude in 10⁻⁶ degrees, signed (negative when the west bit is set)
 * @param altitude  metres
 * @param speed10   speed in 0.1 km/h
 * @param heading   0-359, 0 = north
 * @param epochMs   the report's time (BCD in Beijing time, GMT+8) as epoch milliseconds
 * @param items     additional-information items by id, in order
 */
public record LocationReport(long alarm, long status, long latMicro, long lonMicro, int altitude, int speed10,
                             int heading, long epochMs, Map<Integer, byte[]> items) {

    /** Beijing time, the zone of the standard's BCD times. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** Length of the fixed part before the items. */
    public static final int BASE_LENGTH = 28;

    /** True when status bit {@code n} is set. */
    public boolean statusBit(int n) {
        return (status >> n & 1) == 1;
    }

    /** True when alarm bit {@code n} is set. */
    public boolean alarmBit(int n) {
        return (alarm >> n & 1) == 1;
    }

    /**
     * Decodes a location report of {@code len} bytes at {@code off}.
     *
     * @throws FrameException (BODY) when it is shorter than 28 bytes, the time is not a valid BCD
     *                        date, or an item runs past the end
     */
    public static LocationReport parse(byte[] b, int off, int len) throws FrameException {
        if (len < BASE_LENGTH) {
            throw new FrameException(FrameException.Reason.BODY, "location report of " + len + " bytes, at least 28 expected");
        }
        long alarm = Jt808Codec.u32(b, off);
        long status = Jt808Codec.u32(b, off + 4);
        long lat = Jt808Codec.u32(b, off + 8);
        long lon = Jt808Codec.u32(b, off + 12);
        if ((status >> 2 & 1) == 1) lat = -lat;
        if ((status >> 3 & 1) == 1) lon = -lon;
        int altitude = Jt808Codec.u16(b, off + 16);
        int speed = Jt808Codec.u16(b, off + 18);
        int heading = Jt808Codec.u16(b, off + 20);
        long time = time(b, off + 22);
        Map<Integer, byte[]> items = new LinkedHashMap<>();
        int p = off + BASE_LENGTH;
        int end = off + len;
        while (p < end) {
            if (p + 2 > end) throw new FrameException(FrameException.Reason.BODY, String.format("item at byte %d has no length", p - off));
            int id = b[p] & 0xFF;
            int n = b[p + 1] & 0xFF;
            if (p + 2 + n > end) {
                throw new FrameException(FrameException.Reason.BODY, String.format("item 0x%02x of %d bytes runs past the report's end", id, n));
            }
            byte[] content = new byte[n];
            System.arraycopy(b, p + 2, content, 0, n);
            items.put(id, content);
            p += 2 + n;
        }
        return new LocationReport(alarm, status, lat, lon, altitude, speed, heading, time, Collections.unmodifiableMap(items));
    }

    private static long time(byte[] b, int off) throws FrameException {
        String d = Jt808Codec.bcd(b, off, 6);
        if (d == null) throw new FrameException(FrameException.Reason.BODY, "report time is not BCD");
        try {
            return LocalDateTime.of(2000 + Integer.parseInt(d.substring(0, 2)), Integer.parseInt(d.substring(2, 4)),
                    Integer.parseInt(d.substring(4, 6)), Integer.parseInt(d.substring(6, 8)), Integer.parseInt(d.substring(8, 10)),
                    Integer.parseInt(d.substring(10, 12))).atZone(BEIJING).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new FrameException(FrameException.Reason.BODY, "report time " + d + " (YYMMDDhhmmss) is not a date: " + e.getMessage());
        }
    }

    /** The reports of a 0x0704 body: count WORD, type BYTE (0 normal, 1 blind-area backfill), items {length WORD, report}. */
    public static java.util.List<LocationReport> parseBatch(byte[] b) throws FrameException {
        if (b.length < 3) throw new FrameException(FrameException.Reason.BODY, "batch of " + b.length + " bytes, at least 3 expected");
        int count = Jt808Codec.u16(b, 0);
        java.util.List<LocationReport> out = new java.util.ArrayList<>(count);
        int p = 3;
        for (int i = 0; i < count; i++) {
            if (p + 2 > b.length) throw new FrameException(FrameException.Reason.BODY, "batch announces " + count + " reports, has " + i);
            int n = Jt808Codec.u16(b, p);
            if (p + 2 + n > b.length) throw new FrameException(FrameException.Reason.BODY, "batch report " + (i + 1) + " of " + n + " bytes runs past the end");
            out.add(parse(b, p + 2, n));
            p += 2 + n;
        }
        if (p != b.length) throw new FrameException(FrameException.Reason.BODY, "batch has " + (b.length - p) + " bytes after its " + count + " reports");
        return out;
    }
}
