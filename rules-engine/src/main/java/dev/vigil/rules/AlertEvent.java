package dev.vigil.rules;

import java.util.Map;

/**
 * One step in an alert's life: raised, escalated, de-escalated, cleared or acknowledged. Events
 * are what is stored, streamed to subscribers and replayed at start-up to rebuild open alerts.
 *
 * @param alertId      stable id of the alert (one open alert per device and rule)
 * @param kind         what happened
 * @param deviceId     device
 * @param profile      the device's profile
 * @param enterprise   the device's enterprise
 * @param region       the device's region
 * @param ruleId       rule that raised it
 * @param ruleVersion  version of that rule when it fired
 * @param level        level after this event (for CLEARED: the level it had)
 * @param previous     level before this event, or null for RAISED
 * @param time         when it happened, epoch ms (for rule events: the time of the reading or
 *                     tick that caused it)
 * @param message      human-readable one-liner (the rule's name and what was seen)
 * @param evidence     values and window that triggered it: field values, aggregate, window start/end
 * @param actor        who acknowledged (ACKNOWLEDGED only), else null
 * @param comment      acknowledgement comment, else null
 */
public record AlertEvent(String alertId, Kind kind, String deviceId, String profile, String enterprise,
                         String region, String ruleId, int ruleVersion, Level level, Level previous,
                         long time, String message, Map<String, Object> evidence, String actor,
                         String comment) {

    /** The kinds of alert event. */
    public enum Kind { RAISED, ESCALATED, DEESCALATED, CLEARED, ACKNOWLEDGED }

    public AlertEvent {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** The ACKNOWLEDGED event of an alert by a user (the engine's, and in cluster mode the alert log's). */
    public static AlertEvent acknowledged(Alert a, String user, String comment, long time) {
        Map<String, Object> ev = new java.util.LinkedHashMap<>();
        ev.put("rule", a.ruleId());
        ev.put("version", a.ruleVersion());
        ev.put("open", a.open());
        String msg = "已确认（" + user + "）：" + a.message() + " / acknowledged by " + user;
        return new AlertEvent(a.alertId(), Kind.ACKNOWLEDGED, a.deviceId(), a.profile(), a.enterprise(), a.region(), a.ruleId(),
                a.ruleVersion(), a.level(), a.level(), time, msg, ev, user, comment);
    }
}
