package dev.vigil.gateway.bridge;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.health.AdapterStatus;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Deployable;

import java.util.function.Supplier;

/** The subscription to a site's own MQTT broker as an adapter; it reports its connection state as it changes. */
public final class BridgeAdapter implements ProtocolAdapter {
    private final BridgeConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private AdapterStatus status;
    private volatile MqttBridge bridge;

    public BridgeAdapter(BridgeConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
    }

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public Deployable newVerticle() {
        bridge = new MqttBridge(config, registry, pipeline);
        if (status != null) bridge.reportTo(status);
        return bridge;
    }

    @Override
    public String starting() {
        return "connecting to " + config.brokerUrl();
    }

    @Override
    public String started() {
        return "subscribed on " + config.brokerUrl();
    }

    @Override
    public void reportTo(AdapterStatus adapterStatus) {
        this.status = adapterStatus;
    }

    /** The running bridge, or null before start. */
    public MqttBridge bridge() {
        return bridge;
    }
}
