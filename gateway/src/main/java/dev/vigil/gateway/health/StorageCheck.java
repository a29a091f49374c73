package dev.vigil.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * Whether storage can take writes right now, for {@code /ready}: InfluxDB answers {@code GET /ping}
 * with 204 within a short timeout. The bench-only discarding sink is always ready.
 */
public interface StorageCheck {

    /** The check's outcome as JSON: {@code status} "UP" or "DOWN" plus details; never a failed future. */
    Future<JsonObject> check();

    /** A check that always passes, naming what storage is (e.g. the bench-only discarding sink). */
    static StorageCheck always(String description) {
        return () -> Future.succeededFuture(new JsonObject().put("status", "UP").put("kind", description));
    }

    /**
     * The spool's state with InfluxDB's ({@code influx}, e.g. {@link #influxPing}): UP while InfluxDB
     * answers and the replayer keeps up, DEGRADED (still ready: readings are spooled and
     * acknowledged) while InfluxDB is unavailable, DOWN when the spool is full or InfluxDB refuses the
     * configuration (database not found, not authorized); always with the backlog.
     */
    static StorageCheck spool(dev.vigil.gateway.spool.SpoolSink spool, StorageCheck influx) {
        return () -> influx.check().map(ping -> {
            var a = spool.accounting();
            String state = spool.replayState();
            boolean influxDown = !"UP".equals(ping.getString("status")) || "RETRYING".equals(state);
            String status = spool.full() || "CONFIG_ERROR".equals(state) ? "DOWN" : influxDown ? "DEGRADED" : "UP";
            JsonObject o = new JsonObject().put("kind", "spool").put("status", status).put("replay", state)
                    .put("backlog_readings", a.pendingReadings()).put("backlog_bytes", a.pendingBytes())
                    .put("oldest_pending_seconds", a.oldestPendingAgeSeconds())
                    .put("max_bytes", spool.config().maxBytes()).put("influxdb", ping);
            if (spool.full()) o.put("error", "spool full: new readings are refused until InfluxDB catches up");
            else if (spool.replayError() != null) o.put("error", spool.replayError());
            else if (influxDown) o.put("error", "InfluxDB unavailable: readings are spooled");
            return o;
        });
    }

    /** Pings InfluxDB at {@code baseUrl} (e.g. {@code http://127.0.0.1:8086}) with the timeout. */
    static StorageCheck influxPing(Vertx vertx, String baseUrl, long timeoutMs) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMs));
        String uri = baseUrl + "/ping";
        return () -> {
            long t0 = System.nanoTime();
            JsonObject base = new JsonObject().put("kind", "influxdb").put("url", baseUrl);
            return client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
                            .setIdleTimeout(timeoutMs))
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                    .transform(ar -> {
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        if (ar.succeeded() && ar.result() == 204) {
                            return Future.succeededFuture(base.put("status", "UP").put("latency_ms", ms));
                        }
                        String error = ar.succeeded() ? "GET /ping answered HTTP " + ar.result() + " instead of 204"
                                : "GET /ping failed: " + ar.cause().getMessage();
                        return Future.succeededFuture(base.put("status", "DOWN").put("error", error));
                    });
        };
    }
}
