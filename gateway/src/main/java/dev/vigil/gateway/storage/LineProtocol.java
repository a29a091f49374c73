package dev.vigil.gateway.storage;

import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Device;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Telemetry;

import java.util.List;

/**
 * How a {@link Telemetry} reading is stored: measurement = profile name ({@code <profile>_<period>}
 * for period data, see {@link #PERIOD_FIELD}), tags device / enterprise / region, one typed field
 * per present value, the reading's time in milliseconds; written with the one line-protocol
 * encoder, {@link LineProtocolWriter} (which says how everything is escaped).
 *
 * <p>Field types follow the profile: number → float, integer → integer ({@code 42i}), boolean →
 * boolean, enum and string → string. A value of the wrong Java type is left out (the pipeline's
 * validation never lets one through).
 */
public final class LineProtocol {

    /**
     * A profile field naming the averaging period of a reading (HJ 212 minute, hour, day data): a
     * reading carrying it is stored in measurement {@code <profile>_<period>}, apart from real-time data
     * at the same timestamps, and the field itself is not written.
     */
    public static final String PERIOD_FIELD = "period";

    private LineProtocol() {
    }

    /**
     * Appends one line (with its trailing newline) for a reading to the writer's buffer.
     *
     * @return false, appending nothing, when the reading has no value that can be stored
     */
    public static boolean append(LineProtocolWriter w, Telemetry t) {
        Device d = t.device();
        int period = t.profile().index(PERIOD_FIELD);
        Object periodValue = period < 0 ? null : t.values()[period];
        w.measurement(periodValue == null ? t.profile().name() : t.profile().name() + "_" + periodValue)
                .tag("device", d.id())
                .tag("enterprise", d.enterprise())
                .tag("region", d.region());
        List<FieldSpec> fields = t.profile().fields();
        Object[] values = t.values();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null && i != period) field(w, fields.get(i), v);
        }
        return w.end(t.time());
    }

    private static void field(LineProtocolWriter w, FieldSpec f, Object v) {
        switch (f.type()) {
            case NUMBER -> {
                if (v instanceof Number n) w.floatField(f.name(), n.doubleValue());
            }
            case INTEGER -> {
                if (v instanceof Number n) w.integerField(f.name(), n.longValue());
            }
            case BOOLEAN -> {
                if (v instanceof Boolean b) w.booleanField(f.name(), b);
            }
            case ENUM, STRING -> w.stringField(f.name(), v.toString());
            default -> {
                // a type line protocol has no field for: left out
            }
        }
    }
}
