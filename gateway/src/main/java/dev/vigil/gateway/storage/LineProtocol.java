package dev.vigil.gateway.storage;

import dev.vigil.profile.Device;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Telemetry;

import java.util.List;

/**
 * Encodes {@link Telemetry} as InfluxDB line protocol (millisecond timestamps) straight into a
 * reusable {@link StringBuilder}: measurement = profile name ({@code <profile>_<period>} for period
 * data, see {@link #PERIOD_FIELD}), tags device / enterprise / region,
 * one typed field per present value.
 *
 * <p>Field types follow the profile: number → float, integer → integer ({@code 42i}), boolean →
 * boolean, enum and string → string. What line protocol cannot carry is adjusted rather than
 * letting one reading fail a whole batch: line breaks and tabs in tag values become spaces,
 * backslashes at the end of a tag value or before a comma, equals sign or space are dropped,
 * empty tag values and non-finite floats are left out (the decoder refuses NaN and infinity
 * before they get here).
 */
public final class LineProtocol {

    /**
     * A profile field that names an averaging period (HJ 212 minute / hour / day data): a reading
     * carrying it is stored in measurement {@code <profile>_<period>}, apart from real-time data
     * at the same timestamps, and the field itself is not written.
     */
    public static final String PERIOD_FIELD = "period";

    private LineProtocol() {
    }

    /**
     * Appends one line (with its trailing newline) for a reading.
     *
     * @return false, appending nothing, when the reading has no value that can be stored
     */
    public static boolean append(StringBuilder sb, Telemetry t) {
        int start = sb.length();
        int period = t.profile().index(PERIOD_FIELD);
        Object periodValue = period < 0 ? null : t.values()[period];
        escapeName(sb, periodValue == null ? t.profile().name() : t.profile().name() + "_" + periodValue, false);
        Device d = t.device();
        tag(sb, "device", d.id());
        tag(sb, "enterprise", d.enterprise());
        tag(sb, "region", d.region());
        List<FieldSpec> fields = t.profile().fields();
        Object[] values = t.values();
        char sep = ' ';
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null || i == period) continue;
            int mark = sb.length();
            sb.append(sep);
            FieldSpec f = fields.get(i);
            escapeName(sb, f.name(), true);
            sb.append('=');
            if (!value(sb, f, v)) {
                sb.setLength(mark);
                continue;
            }
            sep = ',';
        }
        if (sep == ' ') {
            sb.setLength(start);
            return false;
        }
        sb.append(' ').append(t.time()).append('\n');
        return true;
    }

    private static boolean value(StringBuilder sb, FieldSpec f, Object v) {
        switch (f.type()) {
            case NUMBER -> {
                if (!(v instanceof Number n)) return false;
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) return false;
                sb.append(d);
            }
            case INTEGER -> {
                if (!(v instanceof Number n)) return false;
                sb.append(n.longValue()).append('i');
            }
            case BOOLEAN -> {
                if (!(v instanceof Boolean b)) return false;
                sb.append(b.booleanValue());
            }
            case ENUM, STRING -> stringValue(sb, v.toString());
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void tag(StringBuilder sb, String key, String value) {
        if (value == null || value.isEmpty()) return;
        int mark = sb.length();
        sb.append(',').append(key).append('=');
        int valueStart = sb.length();
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case ',', '=', ' ' -> sb.append('\\').append(c);
                case '\n', '\r', '\t' -> sb.append("\\ ");
                case '\\' -> {
                    // backslashes before a special character or at the end cannot be expressed
                    int j = i;
                    while (j < n && value.charAt(j) == '\\') j++;
                    if (j < n && !special(value.charAt(j))) sb.append(value, i, j);
                    i = j - 1;
                }
                default -> sb.append(c);
            }
        }
        if (sb.length() == valueStart) sb.setLength(mark);
    }

    private static boolean special(char c) {
        return c == ',' || c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Measurement names escape commas and spaces; field keys also escape equals signs. */
    private static void escapeName(StringBuilder sb, String name, boolean fieldKey) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c == ',' || c == ' ' || (fieldKey && c == '=')) sb.append('\\');
            sb.append(c);
        }
    }

    private static void stringValue(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        sb.append('"');
    }
}
