package dev.vigil.gateway.history;

import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/devices/{id}/events}: one timeline of the changes of the device's enum and
 * boolean fields (door, lock, running, data flag, service mode ...) and its alert lifecycle entries
 * (raised, escalated, de-escalated, acknowledged, cleared), in time order. A field's first value in
 * the range counts as a change when it differs from the last value before the range. At most
 * {@code limit} entries (default 10 000); {@code truncated} says when more exist.
 */
final class EventsQuery {
    static final Set<String> PARAMS = Set.of("from", "to", "limit", "time_format");

    private final InfluxQueryClient influx;
    private final HistoryOptions options;

    EventsQuery(InfluxQueryClient influx, HistoryOptions options) {
        this.influx = influx;
        this.options = options;
    }

    static boolean stateField(FieldSpec f) {
        return f.type() == FieldType.ENUM || f.type() == FieldType.BOOLEAN;
    }

    JsonObject run(QueryPlanner.Target t, RangeParams r, int limit) {
        Times times = new Times(options.zone(), r.epochOut());
        List<FieldSpec> fields = t.profile().fields().stream().filter(EventsQuery::stateField).toList();
        List<AlertMarks.Mark> marks = AlertMarks.of(influx, t.device().id(), r.from(), r.to(), limit + 1);
        JsonArray out = new JsonArray();
        boolean[] truncated = {false};
        int[] nextMark = {0};
        Object[] last = new Object[fields.size()];
        if (!fields.isEmpty()) {
            StringBuilder before = new StringBuilder("SELECT ");
            for (int i = 0; i < fields.size(); i++) {
                before.append(i > 0 ? ", " : "").append("last(").append(InfluxQl.ident(fields.get(i).name())).append(") AS ").append(InfluxQl.ident("v" + i));
            }
            before.append(t.from()).append(" WHERE ").append(t.deviceClause()).append(" AND time < ").append(InfluxQl.ms(r.from()));
            for (Map<String, Object> row : influx.small(before.toString())) {
                for (int i = 0; i < fields.size(); i++) last[i] = row.get("v" + i);
            }
            StringBuilder q = new StringBuilder("SELECT ");
            for (int i = 0; i < fields.size(); i++) q.append(i > 0 ? ", " : "").append(InfluxQl.ident(fields.get(i).name()));
            q.append(t.from()).append(t.where(r.from(), r.to()));
            try {
                influx.query(q.toString(), options.chunkSize(), (m, tags, cols, v) -> {
                    long time = ((Number) v[0]).longValue();
                    while (nextMark[0] < marks.size() && marks.get(nextMark[0]).time() <= time) {
                        add(out, alert(marks.get(nextMark[0]++), times), limit, truncated);
                    }
                    for (int i = 0; i < fields.size(); i++) {
                        Object now = v[i + 1];
                        if (now == null || now.equals(last[i])) continue;
                        FieldSpec f = fields.get(i);
                        add(out, new JsonObject().put("ts", times.out(time)).put("type", "change").put("field", f.name())
                                .put("label", new JsonObject().put("zh", f.labelZh()).put("en", f.labelEn()))
                                .put("from", last[i]).put("to", now), limit, truncated);
                        last[i] = now;
                    }
                });
            } catch (Full full) {
                // limit reached: the rest is not read
            }
        }
        try {
            while (nextMark[0] < marks.size()) add(out, alert(marks.get(nextMark[0]++), times), limit, truncated);
        } catch (Full full) {
            // limit reached
        }
        return new JsonObject().put("device", t.device().id()).put("from", times.out(r.from())).put("to", times.out(r.to()))
                .put("count", out.size()).put("truncated", truncated[0]).put("events", out);
    }

    private static JsonObject alert(AlertMarks.Mark m, Times times) {
        return new JsonObject().put("ts", times.out(m.time())).put("type", "alert")
                .put("kind", m.kind() == null ? null : m.kind().toLowerCase(java.util.Locale.ROOT))
                .put("alert_id", m.alertId()).put("rule", m.rule()).put("level", m.level()).put("message", m.message())
                .put("actor", m.actor()).put("comment", m.comment());
    }

    private static void add(JsonArray out, JsonObject e, int limit, boolean[] truncated) {
        if (out.size() >= limit) {
            truncated[0] = true;
            throw new Full();
        }
        out.add(e);
    }

    /** Stops reading once the limit is reached. */
    private static final class Full extends RuntimeException {
        Full() {
            super(null, null, false, false);
        }
    }

    static int limit(MultiMap q) {
        return RangeParams.integer(q, "limit", 10_000, 1, 100_000);
    }
}
