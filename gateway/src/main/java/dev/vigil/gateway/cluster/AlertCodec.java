package dev.vigil.gateway.cluster;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.gateway.alerts.CaseEvent;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The records of the alerts topic: alert events and disposal case steps, each as the JSON the
 * stream and the webhook carry ({@link AlertJson#event}, {@link AlertJson#caseEvent}); a case step
 * is told apart by its {@code case_id}.
 */
public final class AlertCodec {
    private AlertCodec() {
    }

    public static byte[] encode(AlertEvent e) {
        return AlertJson.event(e).encode().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encode(CaseEvent e) {
        return AlertJson.caseEvent(e).encode().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An alert event ({@link AlertEvent}) or a case step ({@link CaseEvent}).
     *
     * @throws IllegalArgumentException when the value is neither
     */
    public static Object decodeAny(byte[] value) {
        JsonObject o;
        try {
            o = new JsonObject(new String(value, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an alert event: " + e.getMessage(), e);
        }
        return o.containsKey("case_id") ? caseEvent(o) : alertEvent(o);
    }

    private static CaseEvent caseEvent(JsonObject o) {
        try {
            return new CaseEvent(o.getString("alert_id"), CaseEvent.Kind.valueOf(o.getString("kind").toUpperCase(Locale.ROOT)),
                    o.getString("device"), o.getString("profile"), o.getString("enterprise"), o.getString("region"), o.getString("rule"),
                    o.getInteger("rule_version", 0), Level.parse(o.getString("level")), o.getLong("time"), o.getString("actor"),
                    o.getString("comment"), o.getString("case_from"), o.getString("case_to"), o.getString("step"),
                    o.getInteger("escalation", 0), o.getLong("due", 0L));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a case step: " + e.getMessage(), e);
        }
    }

    /** What identifies a case step across replays and leaders: a transition by its time and target, an escalation by its step and level. */
    public static String key(CaseEvent e) {
        return e.kind() == CaseEvent.Kind.OVERDUE ? e.alertId() + "|OVERDUE|" + e.step() + "|" + e.escalation()
                : e.alertId() + "|TRANSITION|" + e.time() + "|" + e.to();
    }

    private static AlertEvent alertEvent(JsonObject o) {
        try {
            Level level = Level.parse(o.getString("level"));
            String prev = o.getString("previous_level");
            JsonObject ev = o.getJsonObject("evidence");
            return new AlertEvent(o.getString("alert_id"), AlertEvent.Kind.valueOf(o.getString("kind").toUpperCase(Locale.ROOT)),
                    o.getString("device"), o.getString("profile"), o.getString("enterprise"), o.getString("region"),
                    o.getString("rule"), o.getInteger("rule_version", 0), level, prev == null ? null : Level.parse(prev),
                    o.getLong("time"), o.getString("message"), ev == null ? null : ev.getMap(), o.getString("actor"),
                    o.getString("comment"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an alert event: " + e.getMessage(), e);
        }
    }

    /** What identifies an event across replays: the same alert, kind, time and level. */
    public static String key(AlertEvent e) {
        return e.alertId() + "|" + e.kind() + "|" + e.time() + "|" + e.level();
    }
}
