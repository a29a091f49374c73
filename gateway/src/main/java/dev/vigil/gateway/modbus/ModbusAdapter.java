package dev.vigil.gateway.modbus;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Deployable;

/** The Modbus TCP poller as an adapter; there is one only when some registered device is polled. */
public final class ModbusAdapter implements ProtocolAdapter {
    private final DeviceRegistry registry;
    private final TelemetryPipeline pipeline;
    private final ModbusConfig config;
    private final java.util.function.Predicate<String> owned;

    public ModbusAdapter(DeviceRegistry registry, TelemetryPipeline pipeline, ModbusConfig config) {
        this(registry, pipeline, config, id -> true);
    }

    /** A poller that polls a device only while {@code owned} says so (cluster mode: while its partition is on this gateway). */
    public ModbusAdapter(DeviceRegistry registry, TelemetryPipeline pipeline, ModbusConfig config, java.util.function.Predicate<String> owned) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.config = config;
        this.owned = owned;
    }

    /** Whether polling is on and some device of {@code registry} is polled. */
    public static boolean wanted(ModbusConfig config, DeviceRegistry registry) {
        return config.enabled() && registry.devices().stream().anyMatch(ModbusTarget::isModbus);
    }

    @Override
    public String name() {
        return "modbus";
    }

    @Override
    public Deployable newVerticle() {
        return new ModbusPoller(registry, pipeline, config, DeviceStatusListener.NONE, PollObserver.NONE, owned);
    }

    @Override
    public String starting() {
        return "starting";
    }

    @Override
    public String started() {
        return "poller running";
    }
}
