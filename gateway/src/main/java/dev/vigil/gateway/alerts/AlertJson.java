package dev.vigil.gateway.alerts;

import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of alerts and alert events used by the HTTP API, the live stream and the webhook:
 * snake_case keys, epoch-millisecond times with an ISO-8601 twin, and each level with its
 * Chinese and English label.
 */
public final class AlertJson {

    private AlertJson() {}

    /** {@code {"zh": "橙色预警", "en": "Orange warning"}}. */
    public static JsonObject levelLabel(Level level) {
        String en = level.labelEn();
        return new JsonObject().put("zh", level.labelZh())
                .put("en", Character.toUpperCase(en.charAt(0)) + en.substring(1) + " warning");
    }

    /** One event, as stored, streamed and POSTed. */
    public static JsonObject event(AlertEvent e) {
        JsonObject o = new JsonObject()
                .put("alert_id", e.alertId())
                .put("kind", e.kind().name().toLowerCase(Locale.ROOT))
                .put("level", e.level().labelEn())
                .put("level_label", levelLabel(e.level()))
                .put("previous_level", e.previous() == null ? null : e.previous().labelEn())
                .put("device", e.deviceId())
                .put("profile", e.profile())
                .put("enterprise", e.enterprise())
                .put("region", e.region())
                .put("rule", e.ruleId())
                .put("rule_version", e.ruleVersion())
                .put("time", e.time())
                .put("time_iso", Instant.ofEpochMilli(e.time()).toString())
                .put("message", e.message())
                .put("evidence", new JsonObject(copy(e.evidence())));
        if (e.actor() != null) o.put("actor", e.actor());
        if (e.comment() != null) o.put("comment", e.comment());
        return o;
    }

    /**
     * One case step (transition or escalation), as streamed and POSTed: the alert's id, level and
     * tags, {@code kind} transition or overdue, {@code case_from}, {@code case_to}, {@code actor},
     * {@code comment}, and for overdue {@code step}, {@code escalation} and {@code due}.
     */
    public static JsonObject caseEvent(CaseEvent e) {
        JsonObject o = new JsonObject()
                .put("alert_id", e.alertId())
                .put("case_id", e.alertId())
                .put("kind", e.kindName())
                .put("level", e.level().labelEn())
                .put("level_label", levelLabel(e.level()))
                .put("device", e.deviceId())
                .put("profile", e.profile())
                .put("enterprise", e.enterprise())
                .put("region", e.region())
                .put("rule", e.ruleId())
                .put("rule_version", e.ruleVersion())
                .put("time", e.time())
                .put("time_iso", Instant.ofEpochMilli(e.time()).toString())
                .put("actor", e.actor())
                .put("comment", e.comment())
                .put("case_from", e.from())
                .put("case_to", e.to());
        if (e.kind() == CaseEvent.Kind.OVERDUE) {
            o.put("step", e.step()).put("escalation", e.escalation()).put("due", e.due())
                    .put("due_iso", Instant.ofEpochMilli(e.due()).toString());
        }
        return o;
    }

    /** One alert with its current state; {@code events} are added when not null. */
    public static JsonObject alert(Alert a, List<AlertEvent> events) {
        JsonObject o = new JsonObject()
                .put("id", a.alertId())
                .put("state", a.open() ? "open" : "closed")
                .put("level", a.level().labelEn())
                .put("level_label", levelLabel(a.level()))
                .put("device", a.deviceId())
                .put("profile", a.profile())
                .put("enterprise", a.enterprise())
                .put("region", a.region())
                .put("rule", a.ruleId())
                .put("rule_version", a.ruleVersion())
                .put("raised_at", a.raisedAt())
                .put("raised_at_iso", Instant.ofEpochMilli(a.raisedAt()).toString())
                .put("updated_at", a.updatedAt())
                .put("cleared_at", a.open() ? null : a.clearedAt())
                .put("message", a.message())
                .put("evidence", new JsonObject(copy(a.evidence())))
                .put("acknowledged", a.acknowledged() ? new JsonObject()
                        .put("by", a.ackBy())
                        .put("at", a.ackAt())
                        .put("at_iso", Instant.ofEpochMilli(a.ackAt()).toString())
                        .put("comment", a.ackComment()) : null);
        if (events != null) {
            io.vertx.core.json.JsonArray arr = new io.vertx.core.json.JsonArray();
            for (AlertEvent e : events) arr.add(event(e));
            o.put("events", arr);
        }
        return o;
    }

    /** Evidence maps may hold nested lists and maps; JsonObject needs mutable copies of neither. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> m) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) out.put(e.getKey(), value(e.getValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) return new JsonObject(copy((Map<String, Object>) m));
        if (v instanceof List<?> l) {
            io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
            for (Object x : l) a.add(value(x));
            return a;
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof String || v == null) return v;
        return v.toString();
    }
}
