package dev.vigil.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one normalized reading every protocol produces: a device, its profile, a time, and typed
 * values aligned with the profile's fields.
 *
 * <p>{@code values[i]} holds the value of {@code profile.fields().get(i)}, or null when the reading
 * did not carry that field. Values are {@link Double} (number), {@link Long} (integer),
 * {@link Boolean} (boolean) or {@link String} (enum, string).
 *
 * @param device   the device that sent it
 * @param profile  the device's profile
 * @param time     reading time, epoch milliseconds (the device's timestamp or the receive time)
 * @param values   typed values, aligned with {@code profile.fields()}
 * @param protocol the protocol it came in by ("mqtt", "coap", "modbus", "bridge" ...)
 * @param arrivedAt when a live reading arrived at the gateway, epoch milliseconds, set by the
 *                 pipeline; {@link #NO_ARRIVAL} for readings that are not live (backfill batches,
 *                 HJ 212 period data, replays), which the clock-drift check skips
 */
public record Telemetry(Device device, DeviceProfile profile, long time, Object[] values, String protocol, long arrivedAt) {

    /** {@link #arrivedAt()} of a reading that is not live: no arrival time to compare its time with. */
    public static final long NO_ARRIVAL = Long.MIN_VALUE;

    /** A reading without an arrival time (not live). */
    public Telemetry(Device device, DeviceProfile profile, long time, Object[] values, String protocol) {
        this(device, profile, time, values, protocol, NO_ARRIVAL);
    }

    /** The same reading marked live, arrived at {@code arrivedAtMillis}. */
    public Telemetry arrived(long arrivedAtMillis) {
        return new Telemetry(device, profile, time, values, protocol, arrivedAtMillis);
    }

    /** True when the reading is live: it carries its arrival time. */
    public boolean live() {
        return arrivedAt != NO_ARRIVAL;
    }

    /** The value of a field, or null if absent or unknown. */
    public Object value(String field) {
        int i = profile.index(field);
        return i < 0 ? null : values[i];
    }

    /** Number of fields present. */
    public int presentCount() {
        int n = 0;
        for (Object v : values) if (v != null) n++;
        return n;
    }

    /** The present values by field name, in profile order (for display and tests). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) m.put(profile.fields().get(i).name(), values[i]);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Telemetry[" + device.id() + " @" + time + " " + asMap() + " via " + protocol + "]";
    }
}
