package dev.vigil.gateway.history;

import dev.vigil.profile.FieldSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/devices/{id}/series}: numeric fields as columnar arrays ({@code {"ts": [...],
 * "so2": [...]}}), raw or decimated.
 *
 * <p>M4 decimation asks InfluxDB for {@code first, min, max, last} of each field per bucket
 * ({@code GROUP BY time(bucket)}), one bucket per four of {@code max_points}. InfluxQL gives those
 * values but not the times of the minimum and maximum, so each bucket becomes four points at fixed
 * places: first at the bucket's start, the extremes at one and two thirds of it (the minimum first
 * when the bucket ends higher than it began, else the maximum first) and last at its end. Values
 * are exact, so a one-minute spike still shows in a month-long chart; times of the extremes are
 * exact to the bucket (a pixel); ask {@code agg=raw} over the short range for exact times.
 */
final class SeriesQuery {
    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,3})([mhd])");
    static final java.util.Set<String> PARAMS = java.util.Set.of("fields", "from", "to", "max_points", "agg", "interval", "time_format");

    /** Decimation modes. */
    enum Agg { AUTO, RAW, M4, MEAN, MIN, MAX, LAST }

    private final InfluxQueryClient influx;
    private final HistoryOptions options;

    SeriesQuery(InfluxQueryClient influx, HistoryOptions options) {
        this.influx = influx;
        this.options = options;
    }

    /** A parsed request. */
    record Request(QueryPlanner.Target target, List<FieldSpec> fields, RangeParams range, Agg agg, String interval, long intervalMs) {}

    static Request parse(QueryPlanner.Target target, io.vertx.core.MultiMap q, HistoryOptions options) {
        RangeParams range = RangeParams.parse(q, PARAMS, 2000, options.maxPointsLimit());
        List<FieldSpec> fields = QueryPlanner.fields(target.profile(), q.get("fields"), FieldSpec::numeric, "numeric");
        Agg agg;
        String a = q.get("agg");
        try {
            agg = a == null ? Agg.AUTO : Agg.valueOf(a.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HistoryException.bad("agg", "agg: '" + a + "' is not one of auto, raw, m4, mean, min, max, last");
        }
        String interval = q.get("interval");
        long intervalMs = 0;
        if (interval != null) {
            Matcher m = INTERVAL.matcher(interval.strip());
            if (!m.matches()) throw HistoryException.bad("interval", "interval: '" + interval + "' is not a duration such as 15m, 1h or 1d");
            interval = m.group(1) + m.group(2);
            intervalMs = Long.parseLong(m.group(1)) * switch (m.group(2)) {
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 86_400_000L;
            };
            if (agg == Agg.RAW) throw HistoryException.bad("interval", "interval does not go with agg=raw");
            long buckets = (range.to() - range.from()) / intervalMs + 1;
            long points = buckets * (agg == Agg.M4 ? 4 : 1);
            if (points > range.maxPoints()) {
                throw HistoryException.bad("interval", "interval " + interval + " gives " + points + " points over this range, more than max_points "
                        + range.maxPoints() + "; use a longer interval or a shorter range");
            }
        }
        return new Request(target, fields, range, agg, interval, intervalMs);
    }

    JsonObject run(Request r) {
        Times times = new Times(options.zone(), r.range().epochOut());
        Agg agg = r.agg();
        long count = -1;
        if (agg == Agg.AUTO && r.interval() != null) agg = Agg.MEAN;
        Columns cols = new Columns(r.fields().size());
        long bucket = 0;
        long span = r.range().to() - r.range().from() + 1;
        if (agg == Agg.AUTO) {
            // one pass: M4 buckets with their counts; few enough points in all and the raw points are read instead
            bucket = Math.max(1, ceilDiv(span, r.range().maxPoints() / 4));
            count = m4(r, bucket, cols);
            if (count <= r.range().maxPoints()) {
                cols = new Columns(r.fields().size());
                bucket = 0;
                raw(r, cols);
                agg = Agg.RAW;
            } else {
                agg = Agg.M4;
            }
        } else if (agg == Agg.RAW) {
            count = count(r);
            if (count > options.maxRawPoints()) {
                throw HistoryException.bad("agg", count + " points in this range, more than the raw limit of " + options.maxRawPoints()
                        + "; ask agg=auto (or m4, mean, min, max, last) or a shorter range");
            }
            raw(r, cols);
        } else {
            int perBucket = agg == Agg.M4 ? 4 : 1;
            bucket = r.interval() != null ? r.intervalMs() : Math.max(1, ceilDiv(span, r.range().maxPoints() / perBucket));
            if (agg == Agg.M4) m4(r, bucket, cols);
            else aggregate(r, agg, bucket, cols);
        }
        JsonObject fieldInfo = new JsonObject();
        for (FieldSpec f : r.fields()) fieldInfo.put(f.name(), HistoryJson.field(f));
        JsonObject out = new JsonObject()
                .put("device", r.target().device().id())
                .put("profile", r.target().profile().name())
                .put("from", times.out(r.range().from()))
                .put("to", times.out(r.range().to()))
                .put("agg", agg.name().toLowerCase(Locale.ROOT))
                .put("bucket_ms", bucket == 0 ? null : bucket)
                .put("interval", r.interval())
                .put("time_zone", options.zone().getId())
                .put("points", cols.ts.size())
                .put("fields", fieldInfo);
        if (count >= 0) out.put("raw_points", count);
        JsonArray ts = new JsonArray(new ArrayList<>(cols.ts.size()));
        for (long t : cols.ts) ts.add(times.out(t));
        out.put("ts", ts);
        for (int i = 0; i < r.fields().size(); i++) out.put(r.fields().get(i).name(), new JsonArray(cols.values.get(i)));
        return out;
    }

    private long count(Request r) {
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < r.fields().size(); i++) {
            if (i > 0) q.append(", ");
            q.append("count(").append(InfluxQl.ident(r.fields().get(i).name())).append(") AS ").append(InfluxQl.ident("c" + i));
        }
        q.append(r.target().from()).append(r.target().where(r.range().from(), r.range().to()));
        long max = 0;
        for (Map<String, Object> row : influx.small(q.toString())) {
            for (int i = 0; i < r.fields().size(); i++) {
                if (row.get("c" + i) instanceof Number n) max = Math.max(max, n.longValue());
            }
        }
        return max;
    }

    private void raw(Request r, Columns cols) {
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < r.fields().size(); i++) {
            if (i > 0) q.append(", ");
            q.append(InfluxQl.ident(r.fields().get(i).name()));
        }
        q.append(r.target().from()).append(r.target().where(r.range().from(), r.range().to()));
        int n = r.fields().size();
        influx.query(q.toString(), options.chunkSize(), (m, tags, columns, v) -> {
            cols.ts.add(((Number) v[0]).longValue());
            for (int i = 0; i < n; i++) cols.values.get(i).add(v[i + 1]);
        });
    }

    private String groupBy(Request r, long bucket) {
        if (r.interval() != null) {
            return " GROUP BY time(" + r.interval() + ") fill(none) tz(" + InfluxQl.string(options.zone().getId()) + ")";
        }
        return " GROUP BY time(" + bucket + "ms, " + Math.floorMod(r.range().from(), bucket) + "ms) fill(none)";
    }

    private void aggregate(Request r, Agg agg, long bucket, Columns cols) {
        String fn = agg.name().toLowerCase(Locale.ROOT);
        StringBuilder q = new StringBuilder("SELECT ");
        for (int i = 0; i < r.fields().size(); i++) {
            if (i > 0) q.append(", ");
            q.append(fn).append('(').append(InfluxQl.ident(r.fields().get(i).name())).append(") AS ").append(InfluxQl.ident("v" + i));
        }
        q.append(r.target().from()).append(r.target().where(r.range().from(), r.range().to())).append(groupBy(r, bucket));
        int n = r.fields().size();
        influx.query(q.toString(), options.chunkSize(), (m, tags, columns, v) -> {
            cols.ts.add(((Number) v[0]).longValue());
            for (int i = 0; i < n; i++) cols.values.get(i).add(v[i + 1]);
        });
    }

    /** M4 into {@code cols}; returns the most points of one field in the range (the count of its buckets summed). */
    private long m4(Request r, long bucket, Columns cols) {
        StringBuilder q = new StringBuilder("SELECT ");
        String[] fns = {"first", "min", "max", "last", "count"};
        for (int i = 0; i < r.fields().size(); i++) {
            for (String fn : fns) {
                if (q.length() > 7) q.append(", ");
                q.append(fn).append('(').append(InfluxQl.ident(r.fields().get(i).name())).append(") AS ").append(InfluxQl.ident(fn + i));
            }
        }
        q.append(r.target().from()).append(r.target().where(r.range().from(), r.range().to())).append(groupBy(r, bucket));
        int n = r.fields().size();
        long end = r.range().to();
        long[] counts = new long[n];
        influx.query(q.toString(), options.chunkSize(), (m, tags, columns, v) -> {
            long t = ((Number) v[0]).longValue();
            long size = r.interval() != null ? r.intervalMs() : bucket;
            long[] at = {Math.max(t, r.range().from()), t + size / 3, t + 2 * size / 3, Math.min(t + size - 1, end)};
            for (int k = 0; k < 4; k++) cols.ts.add(at[k]);
            for (int i = 0; i < n; i++) {
                Object first = v[1 + i * 5], min = v[2 + i * 5], max = v[3 + i * 5], last = v[4 + i * 5];
                if (v[5 + i * 5] instanceof Number c) counts[i] += c.longValue();
                boolean rising = first instanceof Number a && last instanceof Number b && b.doubleValue() >= a.doubleValue();
                List<Object> col = cols.values.get(i);
                col.add(first);
                col.add(rising ? min : max);
                col.add(rising ? max : min);
                col.add(last);
            }
        });
        long max = 0;
        for (long c : counts) max = Math.max(max, c);
        return max;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Columnar result being built: times and one value list per field (bounded by max_points). */
    private static final class Columns {
        final List<Long> ts = new ArrayList<>();
        final List<List<Object>> values = new ArrayList<>();

        Columns(int fields) {
            for (int i = 0; i < fields; i++) values.add(new ArrayList<>());
        }
    }
}
