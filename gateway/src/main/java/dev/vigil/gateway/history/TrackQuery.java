package dev.vigil.gateway.history;

import dev.vigil.profile.FieldSpec;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/devices/{id}/track}: a vehicle's positions (time, lat, lon, speed, heading,
 * lock) as columnar arrays. Over {@code max_points} the track is simplified while it streams in:
 * one point per time bucket, plus, always, both ends of every stop (speed at or below 1 km/h),
 * the points on both sides of every lock change and of every alert raised, changed or cleared —
 * so the answer can exceed {@code max_points} by those key points.
 */
final class TrackQuery {
    static final Set<String> PARAMS = Set.of("from", "to", "max_points", "time_format");
    static final List<String> FIELDS = List.of("lat", "lon", "speed", "heading", "lock");
    static final double STOPPED_KMH = 1.0;

    private final InfluxQueryClient influx;
    private final HistoryOptions options;

    TrackQuery(InfluxQueryClient influx, HistoryOptions options) {
        this.influx = influx;
        this.options = options;
    }

    static RangeParams parse(QueryPlanner.Target t, MultiMap q, HistoryOptions options) {
        RangeParams r = RangeParams.parse(q, PARAMS, 5000, options.maxPointsLimit());
        if (t.profile().field("lat") == null || t.profile().field("lon") == null) {
            throw HistoryException.bad("id", "device " + t.device().id() + " (profile " + t.profile().name() + ") reports no position (lat, lon)");
        }
        return r;
    }

    JsonObject run(QueryPlanner.Target t, RangeParams r) {
        List<String> fields = FIELDS.stream().filter(f -> t.profile().field(f) != null).toList();
        StringBuilder cnt = new StringBuilder("SELECT count(").append(InfluxQl.ident("lat")).append(") AS c")
                .append(t.from()).append(t.where(r.from(), r.to()));
        long count = 0;
        for (Map<String, Object> row : influx.small(cnt.toString())) if (row.get("c") instanceof Number n) count = n.longValue();
        List<Long> marks = new ArrayList<>();
        for (AlertMarks.Mark m : AlertMarks.of(influx, t.device().id(), r.from(), r.to(), 100_000)) {
            if (!"ACKNOWLEDGED".equals(m.kind())) marks.add(m.time());
        }
        marks.sort(null);
        boolean simplify = count > r.maxPoints();
        long bucket = Math.max(1, (r.to() - r.from() + 1) / r.maxPoints());
        Simplifier s = new Simplifier(fields, simplify, bucket, r.from(), marks);
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < fields.size(); i++) q.append(i > 0 ? ", " : "").append(InfluxQl.ident(fields.get(i)));
        q.append(t.from()).append(t.where(r.from(), r.to()));
        influx.query(q.toString(), options.chunkSize(), (m, tags, cols, v) -> {
            if (v[1] == null || v[2] == null) return; // a reading without a position
            s.accept(v);
        });
        s.finish();
        Times times = new Times(options.zone(), r.epochOut());
        JsonObject fieldInfo = new JsonObject();
        for (String f : fields) {
            FieldSpec spec = t.profile().field(f);
            fieldInfo.put(f, HistoryJson.field(spec));
        }
        JsonArray ts = new JsonArray();
        for (Object[] p : s.kept) ts.add(times.out(((Number) p[0]).longValue()));
        JsonObject out = new JsonObject().put("device", t.device().id()).put("from", times.out(r.from())).put("to", times.out(r.to()))
                .put("raw_points", count).put("points", s.kept.size()).put("simplified", simplify).put("fields", fieldInfo).put("ts", ts);
        for (int i = 0; i < fields.size(); i++) {
            JsonArray col = new JsonArray();
            for (Object[] p : s.kept) col.add(p[i + 1]);
            out.put(fields.get(i), col);
        }
        return out;
    }

    /** Keeps track points as they stream in, with one point of look-behind. */
    static final class Simplifier {
        final List<Object[]> kept = new ArrayList<>();
        private final boolean simplify;
        private final long bucket;
        private final long from;
        private final List<Long> marks;
        private final int speedCol;
        private final int lockCol;
        private Object[] prev;
        private boolean prevKept;
        private long lastBucket = Long.MIN_VALUE;
        private Boolean prevStopped;
        private Object prevLock;
        private int nextMark;

        Simplifier(List<String> fields, boolean simplify, long bucket, long from, List<Long> marks) {
            this.simplify = simplify;
            this.bucket = bucket;
            this.from = from;
            this.marks = marks;
            this.speedCol = fields.indexOf("speed") + 1;
            this.lockCol = fields.indexOf("lock") + 1;
        }

        void accept(Object[] p) {
            long t = ((Number) p[0]).longValue();
            boolean keep = !simplify || prev == null;
            boolean keepPrev = false;
            long b = (t - from) / bucket;
            if (b != lastBucket) {
                keep = true;
                lastBucket = b;
            }
            if (speedCol > 0 && p[speedCol] instanceof Number sp) {
                boolean stopped = sp.doubleValue() <= STOPPED_KMH;
                if (prevStopped != null && stopped != prevStopped) {
                    keep = true;
                    keepPrev = true;
                }
                prevStopped = stopped;
            }
            if (lockCol > 0 && p[lockCol] != null) {
                if (prevLock != null && !prevLock.equals(p[lockCol])) {
                    keep = true;
                    keepPrev = true;
                }
                prevLock = p[lockCol];
            }
            while (nextMark < marks.size() && marks.get(nextMark) <= t) {
                keep = true;
                keepPrev = true;
                nextMark++;
            }
            if (keepPrev && prev != null && !prevKept) kept.add(prev);
            if (keep) kept.add(p);
            prevKept = keep;
            prev = p;
        }

        void finish() {
            if (prev != null && !prevKept) kept.add(prev);
        }
    }
}
