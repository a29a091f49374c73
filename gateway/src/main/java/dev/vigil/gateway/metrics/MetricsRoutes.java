package dev.vigil.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.function.Consumer;

/** Mounts {@code GET /metrics}: every meter of {@link GatewayMetrics} in the Prometheus text format. */
public final class MetricsRoutes implements Consumer<Router> {
    private final GatewayMetrics metrics;

    public MetricsRoutes(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void accept(Router router) {
        Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(metrics.registry());
        router.get("/metrics").handler(ctx -> {
            metrics.refresh();
            scrape.handle(ctx);
        });
    }
}
