package dev.vigil.gateway.auth;

import dev.vigil.gateway.history.InfluxQl;
import dev.vigil.gateway.history.InfluxQueryClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The audit trail: log-ins (ok, failed, blocked), log-outs, acknowledgements and exports, stored
 * like the alert events — line protocol through the alert store's single writer (and the spool when
 * it is on) into measurement {@code audit} (tags action, outcome; fields user, address, detail) —
 * and read back by {@code GET /api/v1/audit} (admins). Each record also goes to the log.
 */
public final class AuditLog {
    public static final String MEASUREMENT = "audit";
    private static final Logger LOG = LoggerFactory.getLogger("dev.vigil.audit");

    private final Consumer<String> writer;
    private final InfluxQueryClient influx;
    private final AtomicLong lastTime = new AtomicLong();

    /**
     * @param writer where the lines go (the alert store's writer), or null when alerts are off: then records are logged only
     * @param influx where they are read back from
     */
    public AuditLog(Consumer<String> writer, InfluxQueryClient influx) {
        this.writer = writer;
        this.influx = influx;
    }

    /** True when records are stored (and can be listed). */
    public boolean stored() {
        return writer != null;
    }

    /** Records one action. {@code outcome}: ok, failed, denied, blocked. */
    public void record(String action, String outcome, String user, String address, String detail) {
        LOG.info("audit {} {} user={} address={} {}", action, outcome, user, address, detail == null ? "" : detail);
        if (writer == null) return;
        long now = System.currentTimeMillis();
        // one record per millisecond at most, so that two records never overwrite each other in InfluxDB
        long t = lastTime.updateAndGet(prev -> Math.max(prev + 1, now));
        writer.accept(MEASUREMENT + ",action=" + tag(action) + ",outcome=" + tag(outcome) + " user=" + str(user)
                + ",address=" + str(address) + ",detail=" + str(detail) + " " + t + "\n");
    }

    /** Records between {@code from} and {@code to} (epoch ms), newest first, optionally of one action and user (blocking). */
    public JsonObject list(long from, long to, String action, String user, int limit) {
        StringBuilder q = new StringBuilder("SELECT \"user\", \"address\", \"detail\", \"action\", \"outcome\" FROM ")
                .append(InfluxQl.ident(MEASUREMENT)).append(" WHERE time >= ").append(InfluxQl.ms(from))
                .append(" AND time <= ").append(InfluxQl.ms(to));
        if (action != null) q.append(" AND \"action\" = ").append(InfluxQl.string(action));
        if (user != null) q.append(" AND \"user\" = ").append(InfluxQl.string(user));
        q.append(" ORDER BY time DESC LIMIT ").append(limit);
        List<Map<String, Object>> rows = influx.small(q.toString());
        JsonArray out = new JsonArray();
        for (Map<String, Object> r : rows) {
            long t = ((Number) r.get("time")).longValue();
            out.add(new JsonObject().put("time", Instant.ofEpochMilli(t).toString()).put("time_ms", t)
                    .put("action", r.get("action")).put("outcome", r.get("outcome")).put("user", r.get("user"))
                    .put("address", r.get("address")).put("detail", r.get("detail")));
        }
        return new JsonObject().put("count", out.size()).put("records", out);
    }

    private static String tag(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String str(String s) {
        String v = s == null ? "" : s;
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + "\"";
    }
}
