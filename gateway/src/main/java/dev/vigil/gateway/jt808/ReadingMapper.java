package dev.vigil.gateway.jt808;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.jt808.ItemMapping;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns location reports into readings of the device's profile (a JSON object of field → value
 * plus {@code ts}; an array for a batch), which then pass the one pipeline validator like any
 * MQTT payload. Only fields the profile declares are written.
 *
 * <p>Position, altitude and heading are left out while the terminal has no GNSS fix (status bit
 * 1 clear: terminals then send zeros or the last position). Alarm bits become booleans; the
 * additional-information items follow the profile's {@link ItemMapping}.
 */
public final class ReadingMapper {
    /** Alarm bits of the standard (JT/T 808 table 24) and the profile fields they fill. */
    static final Map<String, Integer> ALARM_FIELDS = Map.of(
            "alarm_emergency", 0, "alarm_overspeed", 1, "alarm_fatigue", 2, "alarm_low_voltage", 7,
            "alarm_power_lost", 8, "alarm_collision", 29, "alarm_rollover", 30, "alarm_door_opened", 31);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final Map<DeviceProfile, ItemMapping> mappings = new ConcurrentHashMap<>();

    /** One reading as a JSON object. */
    public ObjectNode reading(DeviceProfile profile, LocationReport r) {
        ObjectNode o = JSON.objectNode();
        o.put("ts", r.epochMs());
        boolean fix = r.statusBit(1);
        if (fix) {
            put(o, profile, "lat", r.latMicro() / 1e6);
            put(o, profile, "lon", r.lonMicro() / 1e6);
            put(o, profile, "altitude", (double) r.altitude());
            if (profile.field("heading") != null) o.put("heading", r.heading());
        }
        put(o, profile, "speed", r.speed10() / 10.0);
        if (profile.field("gnss_fix") != null) o.put("gnss_fix", fix);
        if (profile.field("acc") != null) o.put("acc", r.statusBit(0));
        for (Map.Entry<String, Integer> a : ALARM_FIELDS.entrySet()) {
            if (profile.field(a.getKey()) != null) o.put(a.getKey(), r.alarmBit(a.getValue()));
        }
        if (profile.field("alarm_bits") != null) o.put("alarm_bits", r.alarm());
        for (Map.Entry<String, Object> e : mapping(profile).decode(r.items()).entrySet()) {
            if (profile.field(e.getKey()) == null) continue;
            Object v = e.getValue();
            if (v instanceof Long l) o.put(e.getKey(), l);
            else if (v instanceof Double d) o.put(e.getKey(), d);
            else o.put(e.getKey(), String.valueOf(v));
        }
        return o;
    }

    /** A batch (0x0704) as a JSON array, oldest first as sent. */
    public JsonNode batch(DeviceProfile profile, List<LocationReport> reports) {
        ArrayNode a = JSON.arrayNode(reports.size());
        for (LocationReport r : reports) a.add(reading(profile, r));
        return a;
    }

    private ItemMapping mapping(DeviceProfile profile) {
        return mappings.computeIfAbsent(profile, ItemMapping::of);
    }

    private static void put(ObjectNode o, DeviceProfile profile, String field, double value) {
        if (profile.field(field) != null) o.put(field, value);
    }
}
