package dev.vigil.gateway.alerts;

import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertBook;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closed alerts read back from InfluxDB for the API, beyond the closed alerts the engine keeps in
 * memory: each is rebuilt from its stored events (raised, level changes, acknowledgement, clear).
 * Blocking: call on a worker.
 */
public final class AlertHistory {
    private final InfluxAlertStore store;

    public AlertHistory(InfluxAlertStore store) {
        this.store = store;
    }

    /** Closed alerts matching the filter (cleared at or after {@code from}), newest cleared first. */
    public List<Alert> closed(AlertFilter f, int limit) {
        if (f.levels().isEmpty()) return List.of();
        StringBuilder where = new StringBuilder("kind = 'CLEARED'");
        tags(where, f);
        if (f.from() != Long.MIN_VALUE) where.append(" AND time >= ").append(f.from()).append("ms");
        List<AlertEvent> clears = store.events(where + " ORDER BY time DESC LIMIT " + limit);
        List<Alert> out = new ArrayList<>();
        for (AlertEvent c : clears) {
            long raised = raisedAt(c.alertId(), c.time());
            if (raised > f.to()) continue;
            Alert a = rebuild(c.alertId(), c.deviceId(), c.ruleId(), raised, c.time());
            if (a != null && f.matches(a)) out.add(a);
        }
        return out;
    }

    /** One alert and its events by id, or null when nothing is stored for it. */
    public AlertQueries.AlertView byId(String id) {
        int last = id.lastIndexOf('/');
        int rule = last < 0 ? -1 : id.lastIndexOf('/', last - 1);
        if (rule <= 0) return null;
        long raised;
        try {
            raised = Long.parseLong(id.substring(last + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        List<AlertEvent> events = eventsOf(id, id.substring(0, rule), id.substring(rule + 1, last), raised, Long.MAX_VALUE);
        Alert a = fold(id, events);
        return a == null ? null : new AlertQueries.AlertView(a, events);
    }

    private Alert rebuild(String id, String device, String rule, long raised, long cleared) {
        return fold(id, eventsOf(id, device, rule, raised, cleared));
    }

    private List<AlertEvent> eventsOf(String id, String device, String rule, long from, long to) {
        StringBuilder where = new StringBuilder("device = ").append(InfluxAlertStore.literal(device))
                .append(" AND rule = ").append(InfluxAlertStore.literal(rule))
                .append(" AND time >= ").append(from).append("ms");
        List<AlertEvent> out = new ArrayList<>();
        for (AlertEvent e : store.events(where.toString())) {
            // acknowledgements may come after the clear; rule events stop at it
            if (e.alertId().equals(id) && (e.time() <= to || e.kind() == AlertEvent.Kind.ACKNOWLEDGED)) out.add(e);
        }
        out.sort(java.util.Comparator.comparingLong(AlertEvent::time));
        return out;
    }

    private static Alert fold(String id, List<AlertEvent> events) {
        AlertBook book = new AlertBook(1);
        for (AlertEvent e : events) book.apply(e);
        return book.get(id);
    }

    private static void tags(StringBuilder where, AlertFilter f) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("device", f.device());
        t.put("enterprise", f.enterprise());
        t.put("region", f.region());
        t.put("profile", f.profile());
        t.put("rule", f.rule());
        t.forEach((k, v) -> {
            if (v != null) where.append(" AND ").append(k).append(" = ").append(InfluxAlertStore.literal(v));
        });
        if (f.levels().size() < Level.values().length) {
            where.append(" AND (");
            String sep = "";
            for (Level l : f.levels()) {
                where.append(sep).append("level = '").append(l.labelEn()).append('\'');
                sep = " OR ";
            }
            where.append(')');
        }
    }

    /** The raise time encoded in an engine alert id ("device/rule/time"), else {@code fallback}. */
    private static long raisedAt(String id, long fallback) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return fallback;
        }
    }
}
