package dev.vigil.gateway.cluster;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** An alert event as a record of the alerts topic: the JSON the stream and the webhook carry ({@link AlertJson#event}). */
public final class AlertCodec {
    private AlertCodec() {
    }

    public static byte[] encode(AlertEvent e) {
        return AlertJson.event(e).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the value is not an alert event */
    public static AlertEvent decode(byte[] value) {
        try {
            JsonObject o = new JsonObject(new String(value, StandardCharsets.UTF_8));
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
