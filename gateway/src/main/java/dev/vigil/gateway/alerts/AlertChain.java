package dev.vigil.gateway.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.rules.AlertEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The tamper-evident chain over stored alert events: each event carries a sequence number, the
 * previous event's hash and its own SHA-256 over {@code seq}, that previous hash and its content
 * exactly as stored in InfluxDB (tag values as line protocol keeps them). Changing, removing or
 * reordering a stored event breaks the chain at that event.
 */
public final class AlertChain {
    /** The "previous hash" of the first event of a chain. */
    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertChain() {}

    /**
     * An event's content as stored: what the hash covers. Case rows (kind TRANSITION, OVERDUE) add
     * caseFrom, caseTo, step, escalation and due; a row without any of them (every rule event, and
     * every row stored before cases existed) hashes exactly as before.
     */
    public record Content(long time, String device, String enterprise, String region, String profile, String rule,
                          String level, String kind, String alertId, long ruleVersion, String message, String evidence,
                          String actor, String comment, String previous, String caseFrom, String caseTo, String step,
                          Long escalation, Long due) {

        /** The content of a rule event (no case fields). */
        public Content(long time, String device, String enterprise, String region, String profile, String rule,
                       String level, String kind, String alertId, long ruleVersion, String message, String evidence,
                       String actor, String comment, String previous) {
            this(time, device, enterprise, region, profile, rule, level, kind, alertId, ruleVersion, message, evidence,
                    actor, comment, previous, null, null, null, null, null);
        }

        /** The content of a case transition or escalation about to be written. */
        public static Content of(CaseEvent e) {
            boolean overdue = e.kind() == CaseEvent.Kind.OVERDUE;
            return new Content(e.time(), tag(e.deviceId()), tag(e.enterprise()), tag(e.region()), tag(e.profile()),
                    tag(e.ruleId()), tag(e.level().labelEn()), tag(e.kind().name()), e.alertId(), e.ruleVersion(),
                    null, null, e.actor(), e.comment(), null, e.from(), e.to(), overdue ? e.step() : null,
                    overdue ? (long) e.escalation() : null, overdue ? e.due() : null);
        }

        /** The content of an event about to be written. */
        public static Content of(AlertEvent e) {
            return new Content(e.time(), tag(e.deviceId()), tag(e.enterprise()), tag(e.region()), tag(e.profile()),
                    tag(e.ruleId()), tag(e.level().labelEn()), tag(e.kind().name()), e.alertId(), e.ruleVersion(),
                    e.message(), AlertLines.evidence(e.evidence()), e.actor(), e.comment(),
                    e.previous() == null ? null : e.previous().labelEn());
        }

        /** The content of a stored row ({@code SELECT *} from alert_events; time as epoch ms). */
        public static Content of(Map<String, Object> row) {
            return new Content(num(row.get("time")), str(row.get("device")), str(row.get("enterprise")), str(row.get("region")),
                    str(row.get("profile")), str(row.get("rule")), str(row.get("level")), str(row.get("kind")),
                    str(row.get("alert_id")), num(row.get("rule_version")), str(row.get("message")), str(row.get("evidence")),
                    str(row.get("actor")), str(row.get("comment")), str(row.get("previous")), str(row.get("case_from")),
                    str(row.get("case_to")), str(row.get("step")), optNum(row.get("escalation")), optNum(row.get("due")));
        }

        private String canonical() {
            try {
                java.util.List<Object> parts = new java.util.ArrayList<>(Arrays.asList(time, device, enterprise, region, profile,
                        rule, level, kind, alertId, ruleVersion, message, evidence, actor, comment, previous));
                if (caseFrom != null || caseTo != null || step != null || escalation != null || due != null) {
                    parts.addAll(Arrays.asList(caseFrom, caseTo, step, escalation, due));
                }
                return JSON.writeValueAsString(parts);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The hash of one link: SHA-256 (hex) of {@code seq \n previousHash \n content as JSON}. */
    public static String hash(long seq, String previousHash, Content content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((seq + "\n" + previousHash + "\n" + content.canonical()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tag value as InfluxDB keeps it after {@link AlertLines} encoded it (null when left out). */
    static String tag(String v) {
        if (v == null || v.isEmpty()) return null;
        String s = v.replace('\n', ' ').replace('\r', ' ');
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\\') end--;
        return end == 0 ? null : s.substring(0, end);
    }

    private static String str(Object o) {
        if (o == null) return null;
        String s = o.toString();
        return s.isEmpty() ? null : s;
    }

    private static Long optNum(Object o) {
        return o == null ? null : num(o);
    }

    private static long num(Object o) {
        if (o instanceof Number n) return n.longValue();
        return o == null ? 0 : Long.parseLong(o.toString());
    }

    /** One link to store with an event. */
    public record Link(long seq, String previousHash, String hash) {}
}
