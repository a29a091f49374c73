package dev.vigil.gateway.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.rules.AlertEvent;

import java.util.Map;

/**
 * Encodes what the rules verticle stores as InfluxDB line protocol (millisecond timestamps):
 * alert events in measurement {@code alert_events} (tags device, enterprise, region, profile,
 * rule, level, kind; fields alert_id, rule_version, message, evidence as JSON, actor, comment,
 * previous) and last-seen times in {@code device_last_seen} (tags device and, for per-field
 * offline rules, field; field seen = epoch ms).
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
        sb.append(EVENTS);
        tag(sb, "device", e.deviceId());
        tag(sb, "enterprise", e.enterprise());
        tag(sb, "region", e.region());
        tag(sb, "profile", e.profile());
        tag(sb, "rule", e.ruleId());
        tag(sb, "level", e.level().labelEn());
        tag(sb, "kind", e.kind().name());
        sb.append(" alert_id=");
        string(sb, e.alertId());
        sb.append(",rule_version=").append(e.ruleVersion()).append('i');
        sb.append(",message=");
        string(sb, e.message());
        sb.append(",evidence=");
        string(sb, evidence(e.evidence()));
        if (e.actor() != null) {
            sb.append(",actor=");
            string(sb, e.actor());
        }
        if (e.comment() != null) {
            sb.append(",comment=");
            string(sb, e.comment());
        }
        if (e.previous() != null) {
            sb.append(",previous=");
            string(sb, e.previous().labelEn());
        }
        if (link != null) {
            sb.append(",seq=").append(link.seq()).append("i,prev_hash=\"").append(link.previousHash())
                    .append("\",hash=\"").append(link.hash()).append('"');
        }
        sb.append(' ').append(e.time()).append('\n');
    }

    /** Key "device" or "device/field" as used by {@code RuleEngine.lastSeen()}. */
    static void lastSeen(StringBuilder sb, String key, long time) {
        sb.append(LAST_SEEN);
        int slash = key.indexOf('/');
        tag(sb, "device", slash < 0 ? key : key.substring(0, slash));
        if (slash >= 0) tag(sb, "field", key.substring(slash + 1));
        sb.append(" seen=").append(time).append('i').append(' ').append(time).append('\n');
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

    private static void tag(StringBuilder sb, String key, String value) {
        if (value == null || value.isEmpty()) return;
        sb.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ',', '=', ' ' -> sb.append('\\').append(c);
                case '\n', '\r', '\t' -> sb.append("\\ ");
                case '\\' -> sb.append('/');
                default -> sb.append(c);
            }
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        sb.append('"');
    }
}
