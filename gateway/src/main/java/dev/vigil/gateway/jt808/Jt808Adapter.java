package dev.vigil.gateway.jt808;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.metrics.GatewayMetrics;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Deployable;

import java.util.function.Supplier;

/** The JT/T 808 endpoint for vehicle terminals as an adapter. */
public final class Jt808Adapter implements ProtocolAdapter {
    private final Jt808Config config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final GatewayMetrics metrics;
    private volatile Jt808Endpoint endpoint;

    public Jt808Adapter(Jt808Config config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, GatewayMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "jt808";
    }

    @Override
    public Deployable newVerticle() {
        endpoint = new Jt808Endpoint(config, registry, pipeline);
        Jt808Meters.bind(metrics, endpoint);
        return endpoint;
    }

    @Override
    public String starting() {
        return "starting on " + config.host() + ":" + config.port();
    }

    @Override
    public String started() {
        return "listening on " + config.host() + ":" + endpoint.actualPort();
    }

    /** The running endpoint, or null before start. */
    public Jt808Endpoint endpoint() {
        return endpoint;
    }
}
