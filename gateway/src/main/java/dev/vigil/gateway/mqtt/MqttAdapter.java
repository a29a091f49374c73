package dev.vigil.gateway.mqtt;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Deployable;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** The gateway's own MQTT endpoint as an adapter: one {@link MqttTelemetryEndpoint} per event loop, sharing the sessions. */
public final class MqttAdapter implements ProtocolAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttAdapter.class);
    private final GatewayConfig.Mqtt config;
    private final int maxPayloadBytes;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final AuthGuard guard;
    private final ConcurrentMap<String, MqttTelemetryEndpoint.Session> sessions = MqttTelemetryEndpoint.newSessionMap();
    private final List<MqttTelemetryEndpoint> endpoints = new CopyOnWriteArrayList<>();

    public MqttAdapter(GatewayConfig.Mqtt config, int maxPayloadBytes, Supplier<DeviceRegistry> registry,
                       TelemetryPipeline pipeline, AuthGuard guard) {
        this.guard = guard;
        this.config = config;
        this.maxPayloadBytes = maxPayloadBytes;
        this.registry = registry;
        this.pipeline = pipeline;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public int instances() {
        return config.instances();
    }

    @Override
    public Deployable newVerticle() {
        MqttTelemetryEndpoint e = new MqttTelemetryEndpoint(config, maxPayloadBytes, registry, pipeline, sessions, guard);
        endpoints.add(e);
        return e;
    }

    @Override
    public String starting() {
        return "starting on " + config.host() + ":" + config.port() + (config.tls() ? ", TLS on " + config.tlsPort() : "");
    }

    @Override
    public String started() {
        return "listening on " + config.host() + ":" + port()
                + (config.tls() ? ", TLS on " + tlsPort() + " (client certificates: " + config.clientAuth() + ")" : "");
    }

    /** The port every instance listens on, or -1 before start. */
    public int port() {
        return endpoints.isEmpty() ? -1 : endpoints.get(0).actualPort();
    }

    /** The port of MQTT over TLS, or -1 when TLS is off (or before start). */
    public int tlsPort() {
        return endpoints.isEmpty() ? -1 : endpoints.get(0).actualTlsPort();
    }

    /**
     * Closes the connections of devices that {@code next} no longer registers (after the registry
     * file changed): MQTT 5 clients get DISCONNECT with reason 0x87 not authorized.
     */
    public void disconnectUnregistered(DeviceRegistry next) {
        for (MqttTelemetryEndpoint.Session s : sessions.values()) {
            if (next.byId(s.device.id()) != null) continue;
            s.context.runOnContext(v -> {
                if (!s.endpoint.isConnected()) return;
                LOG.info("device {} is no longer registered; closing its MQTT connection", s.device.id());
                if (s.endpoint.protocolVersion() == 5) {
                    s.endpoint.disconnect(MqttDisconnectReasonCode.NOT_AUTHORIZED,
                            MqttReasons.reasonString("device " + s.device.id() + " is no longer registered"));
                } else {
                    s.endpoint.close();
                }
            });
        }
    }

    /** Connected devices. */
    public int connections() {
        return sessions.size();
    }
}
