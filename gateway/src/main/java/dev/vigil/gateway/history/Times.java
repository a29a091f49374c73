package dev.vigil.gateway.history;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times in and out of the history API: in, ISO 8601 with an offset or epoch milliseconds; out,
 * ISO 8601 in the configured zone ({@code 2026-01-01T08:00:00.000+08:00}) or epoch milliseconds.
 */
public final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private final ZoneId zone;
    private final boolean epoch;

    /**
     * @param zone  zone of ISO output
     * @param epoch true to answer epoch milliseconds instead of ISO strings
     */
    public Times(ZoneId zone, boolean epoch) {
        this.zone = zone;
        this.epoch = epoch;
    }

    /** Parses a time parameter; a 400 naming {@code param} when it is neither form. */
    public static long parse(String param, String value) {
        String v = value.strip();
        if (!v.isEmpty() && v.length() <= 15 && v.chars().allMatch(c -> c >= '0' && c <= '9')) return Long.parseLong(v);
        try {
            return OffsetDateTime.parse(v).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw HistoryException.bad(param, param + ": '" + value + "' is not a time; give ISO 8601 with an offset "
                    + "(2026-01-01T08:00:00+08:00) or epoch milliseconds");
        }
    }

    /** The output form of a time: a JSON string (ISO) or number (epoch ms). */
    public Object out(long epochMillis) {
        return epoch ? (Object) epochMillis : iso(epochMillis);
    }

    /** ISO 8601 in the configured zone. */
    public String iso(long epochMillis) {
        try {
            return ISO.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
        } catch (DateTimeException e) {
            return Long.toString(epochMillis);
        }
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean epoch() {
        return epoch;
    }
}
