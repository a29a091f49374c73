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
 */
public record Telemetry(Device device, DeviceProfile profile, long time, Object[] values, String protocol) {

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
