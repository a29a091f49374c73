package dev.vigil.gateway.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.rules.AlertEvent;

import java.util.Map;

/**
 * Encodes what the rules verticle stores as InfluxDB line protocol (millisecond timestamps):
 * alert events in measurement {@code alert_events} (tags device, enterprise, region, profile,
 * rule, level, kind; fields alert_id, rule_version, message, evidence as JSON, actor, comment,
 * previous) and last-seen times in {@code device_last_seen} (tags device and, for per-field
 * offline rules, field; field seen = epoch ms), with the one line-protocol encoder,
 * {@link LineProtocolWriter}.
 */
final class AlertLines {
    static final String EVENTS = "alert_events";
    static final String LAST_SEEN = "device_last_seen";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertLines() {}

    static void event(StringBuilder sb, AlertEvent e) {
        event(sb, e, null);
    }

    /** An event with its link in the tamper-evident chain (fields seq, prev_hash, hash), or without when null. */
    static void event(StringBuilder sb, AlertEvent e, AlertChain.Link link) {
        LineProtocolWriter w = head(e.deviceId(), e.enterprise(), e.region(), e.profile(), e.ruleId(), e.level().labelEn(),
                e.kind().name(), e.alertId(), e.ruleVersion())
                .stringField("message", e.message())
                .stringField("evidence", evidence(e.evidence()))
                .stringField("actor", e.actor())
                .stringField("comment", e.comment())
                .stringField("previous", e.previous() == null ? null : e.previous().labelEn());
        end(sb, w, link, e.time());
    }

    /**
     * A case transition or escalation in {@code alert_events}: the alert's tags, kind TRANSITION or
     * OVERDUE, fields alert_id, rule_version, actor, comment, case_from, case_to and (OVERDUE) step,
     * escalation and due, plus its chain link.
     */
    static void caseEvent(StringBuilder sb, CaseEvent e, AlertChain.Link link) {
        boolean overdue = e.kind() == CaseEvent.Kind.OVERDUE;
        LineProtocolWriter w = head(e.deviceId(), e.enterprise(), e.region(), e.profile(), e.ruleId(), e.level().labelEn(),
                e.kind().name(), e.alertId(), e.ruleVersion())
                .stringField("actor", e.actor())
                .stringField("comment", e.comment())
                .stringField("case_from", e.from())
                .stringField("case_to", e.to());
        if (overdue) w.stringField("step", e.step()).integerField("escalation", e.escalation()).integerField("due", e.due());
        end(sb, w, link, e.time());
    }

    /** The tags every row of {@code alert_events} carries, and its alert id and rule version. */
    private static LineProtocolWriter head(String device, String enterprise, String region, String profile, String rule,
                                           String level, String kind, String alertId, long ruleVersion) {
        return new LineProtocolWriter(512).measurement(EVENTS).tag("device", device).tag("enterprise", enterprise)
                .tag("region", region).tag("profile", profile).tag("rule", rule).tag("level", level).tag("kind", kind)
                .stringField("alert_id", alertId).integerField("rule_version", ruleVersion);
    }

    /** The row's chain link (when given) and time, appended to {@code sb}. */
    private static void end(StringBuilder sb, LineProtocolWriter w, AlertChain.Link link, long time) {
        if (link != null) w.integerField("seq", link.seq()).stringField("prev_hash", link.previousHash()).stringField("hash", link.hash());
        w.end(time);
        sb.append(w);
    }

    /** Key "device" or "device/field" as used by {@code RuleEngine.lastSeen()}. */
    static void lastSeen(StringBuilder sb, String key, long time) {
        int slash = key.indexOf('/');
        LineProtocolWriter w = new LineProtocolWriter(128);
        w.measurement(LAST_SEEN)
                .tag("device", slash < 0 ? key : key.substring(0, slash))
                .tag("field", slash < 0 ? null : key.substring(slash + 1))
                .integerField("seen", time)
                .end(time);
        sb.append(w);
    }

    static String evidence(Map<String, Object> evidence) {
        try {
            return JSON.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseEvidence(String json) {
        if (json == null || json.isEmpty()) return Map.of();
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of("raw", json);
        }
    }
}
