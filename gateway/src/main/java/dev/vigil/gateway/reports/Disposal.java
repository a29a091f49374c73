package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.InfluxQl;
import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.gateway.history.Scope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The disposal side of a report, read from measurement {@code alert_events}: the alerts raised in
 * the period ({@code RAISED} rows), the first {@code TRANSITION} of each to {@code received},
 * {@code handled} and {@code closed} / {@code false_alarm} (up to now, so an alert raised in the
 * period and closed after it counts), and the {@code OVERDUE} rows of the period. These event
 * rows are few (one per alert and step, never readings), so they are read and joined here.
 */
final class Disposal {
    /** Case states that close a case. */
    static final Set<String> CLOSING = Set.of("closed", "false_alarm");

    /**
     * One alert raised in the period with the times of its first steps (null: not reached yet).
     *
     * @param repeat true when the same rule raised an earlier alert on the same device in the period
     */
    record Case(String alertId, String device, String enterprise, String region, String profile, String rule, String level,
                long raisedAt, Long receivedAt, Long handledAt, Long closedAt, int overdueEvents, int maxEscalation,
                Map<String, Integer> overdueSteps, boolean repeat) {}

    private Disposal() {}

    /** The alerts raised in {@code [from, to)} that the caller may see, oldest first, with their steps up to {@code now}. */
    static List<Case> read(InfluxQueryClient influx, Scope scope, long from, long to, long now, int chunkSize) {
        StringBuilder q = new StringBuilder("SELECT \"alert_id\", \"case_to\", \"escalation\", \"step\" FROM \"alert_events\" WHERE time >= ")
                .append(InfluxQl.ms(from)).append(" AND time <= ").append(InfluxQl.ms(Math.max(now, to)))
                .append(" AND (\"kind\" = 'RAISED' OR \"kind\" = 'TRANSITION' OR \"kind\" = 'OVERDUE')");
        q.append(scopeClause(scope));
        q.append(" GROUP BY \"device\", \"enterprise\", \"region\", \"profile\", \"rule\", \"level\", \"kind\"");
        Map<String, Builder> byId = new LinkedHashMap<>();
        List<Object[]> later = new ArrayList<>();
        influx.query(q.toString(), chunkSize, (m, tags, cols, v) -> {
            if (!scope.allows(tags.getOrDefault("enterprise", ""), tags.getOrDefault("region", ""))) return;
            String id = v[1] == null ? null : v[1].toString();
            if (id == null) return;
            long time = ((Number) v[0]).longValue();
            String kind = tags.get("kind");
            if ("RAISED".equals(kind)) {
                if (time < to && !byId.containsKey(id)) byId.put(id, new Builder(id, tags, time));
            } else if ("TRANSITION".equals(kind)) {
                later.add(new Object[] {id, time, v[2] == null ? null : v[2].toString(), null, null});
            } else if ("OVERDUE".equals(kind) && time < to) {
                later.add(new Object[] {id, time, null, v[3] instanceof Number n ? n.intValue() : 1, v[4] == null ? "" : v[4].toString()});
            }
        });
        later.sort(Comparator.comparingLong(o -> (Long) o[1]));
        for (Object[] e : later) {
            Builder b = byId.get((String) e[0]);
            if (b == null) continue;
            long t = (Long) e[1];
            if (e[2] != null) {
                String toState = (String) e[2];
                if (toState.equals("received") && b.received == null) b.received = t;
                if (toState.equals("handled") && b.handled == null) b.handled = t;
                if (CLOSING.contains(toState) && b.closed == null) b.closed = t;
            } else {
                b.overdue++;
                b.maxEscalation = Math.max(b.maxEscalation, (Integer) e[3]);
                b.steps.merge((String) e[4], 1, Integer::sum);
            }
        }
        List<Builder> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong((Builder b) -> b.raisedAt).thenComparing(b -> b.id));
        Map<String, Integer> seen = new HashMap<>();
        List<Case> out = new ArrayList<>();
        for (Builder b : all) {
            String key = b.tags.getOrDefault("device", "") + "\u0000" + b.tags.getOrDefault("rule", "");
            boolean repeat = seen.merge(key, 1, Integer::sum) > 1;
            out.add(new Case(b.id, b.tags.getOrDefault("device", ""), b.tags.getOrDefault("enterprise", ""),
                    b.tags.getOrDefault("region", ""), b.tags.getOrDefault("profile", ""), b.tags.getOrDefault("rule", ""),
                    b.tags.getOrDefault("level", ""), b.raisedAt, b.received, b.handled, b.closed, b.overdue, b.maxEscalation,
                    Map.copyOf(b.steps), repeat));
        }
        return out;
    }

    /** {@code AND ("region" = 'a' OR ...)} / {@code AND "enterprise" = 'x'} for a restricted caller, else empty. */
    static String scopeClause(Scope scope) {
        StringBuilder sb = new StringBuilder();
        if (scope.regions() != null && !scope.regions().isEmpty()) { // no regions: nothing passes the filter in read()
            sb.append(" AND (");
            int i = 0;
            for (String r : new TreeSet<>(scope.regions())) {
                if (i++ > 0) sb.append(" OR ");
                sb.append(InfluxQl.ident("region")).append(" = ").append(InfluxQl.string(r));
            }
            sb.append(')');
        }
        if (scope.enterprise() != null) sb.append(" AND ").append(InfluxQl.ident("enterprise")).append(" = ").append(InfluxQl.string(scope.enterprise()));
        return sb.toString();
    }

    private static final class Builder {
        final String id;
        final Map<String, String> tags;
        final long raisedAt;
        Long received;
        Long handled;
        Long closed;
        int overdue;
        int maxEscalation;
        final Map<String, Integer> steps = new java.util.TreeMap<>();

        Builder(String id, Map<String, String> tags, long raisedAt) {
            this.id = id;
            this.tags = Map.copyOf(tags);
            this.raisedAt = raisedAt;
        }
    }
}
