package dev.vigil.gateway.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored alert lifecycle entries of one device over a range (measurement {@code alert_events}),
 * oldest first, for the track (points to keep) and the events timeline.
 */
public final class AlertMarks {
    static final String MEASUREMENT = "alert_events";

    /** One lifecycle entry. */
    public record Mark(long time, String kind, String alertId, String rule, String level, String message, String actor, String comment) {}

    private AlertMarks() {}

    /** Entries of {@code deviceId} (already checked against the registry) in [from, to]; at most {@code limit}. */
    public static List<Mark> of(InfluxQueryClient influx, String deviceId, long from, long to, int limit) {
        String q = "SELECT alert_id, kind, rule, level, message, actor, comment FROM " + InfluxQl.ident(MEASUREMENT)
                + " WHERE " + InfluxQl.ident("device") + " = " + InfluxQl.string(deviceId)
                // the alert's own lifecycle only: case steps (TRANSITION, OVERDUE) are the case timeline's
                + " AND " + InfluxQl.ident("kind") + " != 'TRANSITION' AND " + InfluxQl.ident("kind") + " != 'OVERDUE'"
                + " AND time >= " + InfluxQl.ms(from) + " AND time <= " + InfluxQl.ms(to) + " LIMIT " + limit;
        List<Mark> out = new ArrayList<>();
        influx.query(q, 10_000, (m, tags, cols, v) -> out.add(new Mark(((Number) v[0]).longValue(),
                str(v[cols.indexOf("kind")]), str(v[cols.indexOf("alert_id")]), str(v[cols.indexOf("rule")]),
                str(v[cols.indexOf("level")]), str(v[cols.indexOf("message")]), str(v[cols.indexOf("actor")]),
                str(v[cols.indexOf("comment")]))));
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
