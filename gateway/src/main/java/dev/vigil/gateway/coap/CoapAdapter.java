package dev.vigil.gateway.coap;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Deployable;

import java.util.function.Supplier;

/** The CoAP endpoint (plain and DTLS) as an adapter. */
public final class CoapAdapter implements ProtocolAdapter {
    private final CoapConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final AuthGuard guard;
    private volatile CoapTelemetryEndpoint endpoint;

    public CoapAdapter(CoapConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, AuthGuard guard) {
        this.guard = guard;
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
    }

    @Override
    public String name() {
        return "coap";
    }

    @Override
    public Deployable newVerticle() {
        return endpoint = new CoapTelemetryEndpoint(config, registry, pipeline, guard);
    }

    @Override
    public String starting() {
        return "starting";
    }

    @Override
    public String started() {
        return "started" + (plainPort() > 0 ? " on udp " + plainPort() : "")
                + (dtlsPort() > 0 ? ", DTLS on udp " + dtlsPort() : "");
    }

    /** Plain CoAP port, or -1 when off or not started. */
    public int plainPort() {
        return endpoint == null ? -1 : endpoint.plainPort();
    }

    /** DTLS port, or -1 when off or not started. */
    public int dtlsPort() {
        return endpoint == null ? -1 : endpoint.dtlsPort();
    }
}
