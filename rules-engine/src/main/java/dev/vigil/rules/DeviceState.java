package dev.vigil.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.rules.eval.StateCodec;
import dev.vigil.rules.eval.StreamSnapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.vigil.rules.eval.StateCodec.need;

/**
 * A device's complete rule-engine state at one moment, immutable, for handing a device from one
 * engine to another ({@link RuleEngine#exportDevice}, {@link RuleEngine#importDevice}): every stream
 * (its readings, and the period averages of each period some rule evaluates) with the latest field
 * values, last-seen times and the state of every rule (pending holds, windows, flat-line
 * references, open alert), and the device's open alerts as the alert book has them.
 *
 * <p>{@link #toBytes()}: one byte format version ({@value #FORMAT_VERSION}), then UTF-8 JSON
 * <pre>{"device": id, "streams": [{"period"?, "profile", "lastSeen"?, "fieldSeen": {...}, "last": {...},
 *   "rules": [{"id", "fp", "level"?, "alertId"?, "hold": [...], ... "window" | "bucket" | "flag" | "deviceTime"?}]}],
 *  "alerts": [{"alertId", "deviceId", ..., "evidence": {...}}]}</pre>
 * Rule states carry their rule's fingerprint: an engine whose rule differs starts that state afresh.
 */
public final class DeviceState {
    /** The format version written as the first byte. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String deviceId;
    private final List<StreamSnapshot> streams;
    private final List<Alert> openAlerts;

    DeviceState(String deviceId, List<StreamSnapshot> streams, List<Alert> openAlerts) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.streams = List.copyOf(streams);
        this.openAlerts = List.copyOf(openAlerts);
    }

    public String deviceId() { return deviceId; }

    /** The device's streams: its readings first (when the engine has them), then period averages. */
    public List<StreamSnapshot> streams() { return streams; }

    /** The device's open alerts, oldest first. */
    public List<Alert> openAlerts() { return openAlerts; }

    /** The version byte followed by the JSON form. */
    public byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode();
        o.put("device", deviceId);
        ArrayNode ss = o.putArray("streams");
        for (StreamSnapshot s : streams) ss.add(StateCodec.write(s));
        ArrayNode as = o.putArray("alerts");
        for (Alert a : openAlerts) as.add(write(a));
        try {
            byte[] json = JSON.writeValueAsBytes(o);
            byte[] out = new byte[json.length + 1];
            out[0] = FORMAT_VERSION;
            System.arraycopy(json, 0, out, 1, json.length);
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device state of " + deviceId + " could not be written", e);
        }
    }

    /**
     * Reads {@link #toBytes()}.
     *
     * @throws IllegalArgumentException for empty input, an unknown format version or malformed content
     */
    public static DeviceState fromBytes(byte[] b) {
        if (b == null || b.length == 0) throw new IllegalArgumentException("device state is empty");
        if (b[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("device state has format version " + (b[0] & 0xff)
                    + ", this engine reads version " + FORMAT_VERSION);
        }
        JsonNode o;
        try {
            o = JSON.readTree(b, 1, b.length - 1);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("malformed device state: not JSON: " + why, e);
        }
        need(o != null && o.isObject(), "not a JSON object");
        String id = StateCodec.text(o, "device");
        need(o.path("streams").isArray(), "no streams array");
        need(o.path("alerts").isArray(), "no alerts array");
        List<StreamSnapshot> streams = new ArrayList<>();
        for (JsonNode s : o.get("streams")) streams.add(StateCodec.readStream(s));
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : o.get("alerts")) {
            Alert alert = readAlert(a);
            need(alert.deviceId().equals(id), "alert " + alert.alertId() + " is of device " + alert.deviceId() + ", not " + id);
            alerts.add(alert);
        }
        return new DeviceState(id, streams, alerts);
    }

    private static ObjectNode write(Alert a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("alertId", a.alertId()).put("deviceId", a.deviceId()).put("profile", a.profile()).put("enterprise", a.enterprise())
                .put("region", a.region()).put("ruleId", a.ruleId()).put("ruleVersion", a.ruleVersion())
                .put("level", a.level().name()).put("raisedAt", a.raisedAt()).put("updatedAt", a.updatedAt())
                .put("clearedAt", a.clearedAt()).put("message", a.message());
        o.set("evidence", StateCodec.value(a.evidence()));
        if (a.ackBy() != null) o.put("ackBy", a.ackBy()).put("ackAt", a.ackAt()).put("ackComment", a.ackComment());
        return o;
    }

    @SuppressWarnings("unchecked")
    private static Alert readAlert(JsonNode o) {
        need(o.isObject(), "alert is not an object");
        Level level;
        try {
            level = Level.valueOf(StateCodec.text(o, "level"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed device state: unknown alert level " + o.get("level"), e);
        }
        Object ev = StateCodec.value(o.get("evidence"));
        need(ev == null || ev instanceof Map, "alert evidence is not a map");
        return new Alert(StateCodec.text(o, "alertId"), StateCodec.text(o, "deviceId"), opt(o, "profile"), opt(o, "enterprise"),
                opt(o, "region"), StateCodec.text(o, "ruleId"), (int) StateCodec.lng(o.get("ruleVersion"), "ruleVersion"), level,
                StateCodec.lng(o.get("raisedAt"), "raisedAt"), StateCodec.lng(o.get("updatedAt"), "updatedAt"),
                StateCodec.lng(o.get("clearedAt"), "clearedAt"), opt(o, "message"), (Map<String, Object>) ev, opt(o, "ackBy"),
                o.has("ackAt") ? StateCodec.lng(o.get("ackAt"), "ackAt") : -1, opt(o, "ackComment"));
    }

    private static String opt(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceState s && deviceId.equals(s.deviceId) && streams.equals(s.streams) && openAlerts.equals(s.openAlerts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, streams, openAlerts);
    }

    @Override
    public String toString() {
        return "DeviceState[" + deviceId + ", " + streams.size() + " stream(s), " + openAlerts.size() + " open alert(s)]";
    }
}
