package dev.vigil.gateway.coap;

import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.gateway.security.AuthGuardConfig;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The CoAP protocol adapter: a Californium server (plain CoAP and/or DTLS with per-device PSKs)
 * whose telemetry resources hand each request to this verticle's context and the pipeline.
 * Californium's blocking start-up and shutdown run in {@code executeBlocking}.
 */
public final class CoapTelemetryEndpoint extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(CoapTelemetryEndpoint.class);

    private final CoapConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final AuthGuard guard;
    private volatile CoapServer server;
    private volatile int plainPort = -1;
    private volatile int dtlsPort = -1;

    /**
     * @param config   endpoint settings
     * @param registry the current device registry snapshot (read per request, so reloads apply)
     * @param pipeline where readings go
     */
    public CoapTelemetryEndpoint(CoapConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline) {
        this(config, registry, pipeline, new AuthGuard(AuthGuardConfig.defaults()));
    }

    /** @param guard counts failed log-ins per address, shared with the other adapters */
    public CoapTelemetryEndpoint(CoapConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, AuthGuard guard) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        this.guard = guard;
    }

    @Override
    public Future<?> start() {
        CoapTelemetryHandler handler = new CoapTelemetryHandler(config, registry, pipeline, context, guard);
        return vertx.executeBlocking(() -> {
            Configuration c = CaliforniumSetup.configuration(config);
            CoapServer s = new CoapServer(c);
            CoapEndpoint plain = config.plainEnabled() ? CaliforniumSetup.plainEndpoint(c, config) : null;
            CoapEndpoint dtls = config.dtlsEnabled() ? CaliforniumSetup.dtlsEndpoint(c, config, registry) : null;
            if (plain != null) s.addEndpoint(plain);
            if (dtls != null) s.addEndpoint(dtls);
            s.add(TelemetryResources.tokenTree(handler), TelemetryResources.dtlsTelemetry(handler));
            RuntimeException startError = null;
            try {
                s.start(); // logs an endpoint that fails to bind and carries on without it; throws if none started
            } catch (RuntimeException e) {
                startError = e;
            }
            String failed = (plain != null && !plain.isStarted() ? " udp " + config.host() + ":" + config.port() : "")
                    + (dtls != null && !dtls.isStarted() ? " DTLS udp " + config.host() + ":" + config.dtlsPort() : "");
            if (!failed.isEmpty() || startError != null) {
                s.destroy();
                if (failed.isEmpty()) throw startError;
                throw new IllegalStateException("CoAP endpoint cannot bind" + failed + " (port in use, or not a local address)", startError);
            }
            server = s;
            if (plain != null) plainPort = plain.getAddress().getPort();
            if (dtls != null) dtlsPort = dtls.getAddress().getPort();
            LOG.info("CoAP endpoint listening: plain {}, DTLS {}", plainPort < 0 ? "off" : config.host() + ":" + plainPort,
                    dtlsPort < 0 ? "off" : config.host() + ":" + dtlsPort);
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        CoapServer s = server;
        if (s == null) return Future.succeededFuture();
        return vertx.executeBlocking(() -> {
            s.destroy();
            return null;
        });
    }

    /** The bound plain CoAP port, or -1 when plain CoAP is off or not started. */
    public int plainPort() {
        return plainPort;
    }

    /** The bound DTLS port, or -1 when DTLS is off or not started. */
    public int dtlsPort() {
        return dtlsPort;
    }
}
