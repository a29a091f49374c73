package dev.vigil.rules.eval;

import java.util.List;
import java.util.Map;

/**
 * One stream of a device at one moment (part of an exported device state): its readings, or the
 * period averages of one period, with what the engine remembers of them and every rule's state.
 *
 * @param period    the period ("hour" ...), or null for the readings
 * @param profile   the device's profile name
 * @param lastSeen  time of the newest reading, or {@link DeviceCtx#NONE}
 * @param carryOver whether missing values carry over from earlier readings (false for period averages)
 * @param fieldSeen time each field was last reported, by field name (fields never reported are absent)
 * @param last      latest value of each field, by field name (Double, Long, Boolean or String)
 * @param rules     the state of every rule of the stream, in rule order
 */
public record StreamSnapshot(String period, String profile, long lastSeen, boolean carryOver,
                             Map<String, Long> fieldSeen, Map<String, Object> last, List<RuleSnapshot> rules) {

    public StreamSnapshot {
        fieldSeen = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fieldSeen));
        last = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(last));
        rules = List.copyOf(rules);
    }
}
