package dev.vigil.gateway.hj212;

import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HJ 212-2017 endpoint: a TCP server that CEMS data loggers (数采仪) connect to, each
 * connection handled by an {@link Hj212Connection} that cuts frames, checks MN and PW, and hands
 * the readings to the pipeline, answering 9014 once they are stored.
 */
public final class Hj212Endpoint extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Hj212Endpoint.class);

    private final Hj212Config config;
    private final TelemetryPipeline pipeline;
    private final Hj212Stations stations;
    private final Hj212Stats stats;
    private final Set<Hj212Connection> connections = ConcurrentHashMap.newKeySet();
    private NetServer server;

    public Hj212Endpoint(Hj212Config config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, Hj212Stats stats) {
        this.config = config;
        this.pipeline = pipeline;
        this.stations = new Hj212Stations(registry);
        this.stats = stats;
    }

    @Override
    public Future<?> start() {
        NetServerOptions options = new NetServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeoutMs()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        server = vertx.createNetServer(options);
        server.connectHandler(socket -> {
            Hj212Connection c = new Hj212Connection(vertx, socket, config, stations, pipeline, stats);
            connections.add(c);
            socket.closeHandler(v -> {
                connections.remove(c);
                c.onClose();
            });
        });
        server.exceptionHandler(t -> LOG.debug("HJ 212 connection error: {}", t.toString()));
        return server.listen().onSuccess(s -> LOG.info("HJ 212 endpoint listening on {}:{}", config.host(), s.actualPort()));
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** Open connections. */
    public int connections() {
        return connections.size();
    }
}
