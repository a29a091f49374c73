package dev.vigil.gateway.hj212;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.profile.hj212.Hj212FormatException;
import dev.vigil.profile.hj212.Hj212Mapping;
import dev.vigil.profile.hj212.Hj212Packet;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Turns the CP of an HJ 212 data upload into one reading as the pipeline's JSON object
 * ({@code {"ts": ..., "so2": 35.1, "so2_flag": "N", ...}}), through the profile's
 * {@link Hj212Mapping}: real-time data (CN 2011) takes {@code <code>-Rtd}, minute / hour / day
 * data (2051 / 2061 / 2031) {@code <code>-Avg} and the period field. The time is DataTime in
 * Beijing time (the reading's time for 2011, the start of the period otherwise), so a resent
 * frame lands on the same point. Codes the mapping does not list are skipped.
 */
final class Hj212Readings {
    /** HJ 212 times are Beijing time. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[-+]?(\\d{1,20}(\\.\\d{0,20})?|\\.\\d{1,20})([eE][-+]?\\d{1,3})?");
    private static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private Hj212Readings() {}

    /** The averaging period of a data command, null for real-time data, or "" when {@code cn} is no data upload. */
    static String period(String cn) {
        return switch (cn) {
            case "2011" -> null;
            case "2051" -> "minute";
            case "2061" -> "hour";
            case "2031" -> "day";
            default -> "";
        };
    }

    /**
     * The reading of a data upload, or null when it carries no value the profile maps.
     *
     * @throws Hj212FormatException when DataTime is missing or invalid, or a mapped value is not a number
     */
    static ObjectNode reading(Hj212Packet p, Hj212Mapping mapping) {
        String period = period(p.cn());
        String suffix = period == null ? "-Rtd" : "-Avg";
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ts", dataTime(p.cpValue("DataTime")));
        String worst = null;
        int values = 0;
        for (Map<String, String> group : p.cp()) {
            for (Map.Entry<String, String> e : group.entrySet()) {
                String key = e.getKey();
                int dash = key.indexOf('-');
                if (dash <= 0) continue;
                Hj212Mapping.Target t = mapping.codes().get(key.substring(0, dash));
                if (t == null) continue;
                String part = key.substring(dash);
                if (part.equals(suffix)) {
                    out.put(t.field(), number(key, e.getValue()));
                    values++;
                } else if (part.equals("-Flag")) {
                    String flag = e.getValue();
                    if (t.flag() != null) out.put(t.flag(), flag);
                    if (worst == null || (worst.equals("N") && !flag.equals("N"))) worst = flag;
                }
            }
        }
        if (values == 0) return null;
        if (mapping.readingFlag() != null && worst != null) out.put(mapping.readingFlag(), worst);
        if (period != null && mapping.periodField() != null) out.put(mapping.periodField(), period);
        return out;
    }

    /** DataTime ({@code YYYYMMDDhhmmss}, some loggers add milliseconds) in Beijing time, as epoch ms. */
    static long dataTime(String s) {
        if (s == null) throw new Hj212FormatException("CP has no DataTime");
        if (!s.matches("\\d{14}(\\d{3})?")) throw new Hj212FormatException("DataTime '" + s + "' is not YYYYMMDDhhmmss");
        try {
            long ms = LocalDateTime.parse(s.substring(0, 14), DATA_TIME).atZone(BEIJING).toInstant().toEpochMilli();
            return s.length() == 17 ? ms + Integer.parseInt(s.substring(14)) : ms;
        } catch (DateTimeParseException e) {
            throw new Hj212FormatException("DataTime '" + s + "' is not a valid time");
        }
    }

    private static double number(String key, String v) {
        double d = NUMBER.matcher(v).matches() ? Double.parseDouble(v) : Double.NaN;
        if (!Double.isFinite(d)) throw new Hj212FormatException(key + " '" + v + "' is not a number");
        return d;
    }
}
