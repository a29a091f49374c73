package dev.vigil.gateway.health;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code GET /health} (liveness: the process serves HTTP, always 200) and {@code GET /ready}
 * (readiness: storage reachable — or DEGRADED: InfluxDB down while the spool takes readings — and
 * every adapter up; 200, or 503 with what is not ready).
 */
public final class HealthRoutes implements Consumer<Router> {
    private final long startedMillis = System.currentTimeMillis();
    private final StorageCheck storage;
    private final AdapterStatus adapters;
    private final Supplier<Map<String, Object>> facts;

    /**
     * @param facts extra figures for {@code /health} (device count, connections), read per request
     */
    public HealthRoutes(StorageCheck storage, AdapterStatus adapters, Supplier<Map<String, Object>> facts) {
        this.storage = storage;
        this.adapters = adapters;
        this.facts = facts;
    }

    @Override
    public void accept(Router router) {
        router.get("/health").handler(this::health);
        router.get("/ready").handler(this::ready);
    }

    private void health(RoutingContext ctx) {
        JsonObject body = new JsonObject().put("status", "UP")
                .put("uptime_seconds", (System.currentTimeMillis() - startedMillis) / 1000);
        facts.get().forEach(body::put);
        ctx.json(body);
    }

    private void ready(RoutingContext ctx) {
        storage.check().onComplete(ar -> {
            JsonObject store = ar.succeeded() ? ar.result()
                    : new JsonObject().put("status", "DOWN").put("error", String.valueOf(ar.cause()));
            JsonObject adapterJson = new JsonObject();
            adapters.snapshot().forEach((name, r) -> adapterJson.put(name, new JsonObject()
                    .put("status", r.state().name()).put("detail", r.detail()).put("since", r.sinceMillis())));
            // DEGRADED: InfluxDB is down but the spool takes (and acknowledges) readings
            String storage = store.getString("status");
            boolean ready = ("UP".equals(storage) || "DEGRADED".equals(storage)) && adapters.allUp();
            JsonObject body = new JsonObject().put("status", ready ? "READY" : "NOT_READY")
                    .put("storage", store).put("adapters", adapterJson);
            ctx.response().setStatusCode(ready ? 200 : 503)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(body.encode());
        });
    }
}
