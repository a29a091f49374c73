package dev.vigil.gateway.jt808;

import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The JT/T 808 protocol adapter: a Vert.x TCP server for vehicle terminals (2013 and 2019
 * editions) that registers and authenticates them by phone number, hands their location reports
 * to the pipeline and answers once they are stored. Idle connections (no valid message within
 * {@code jt808.idle_timeout_ms}) are closed by one periodic sweep.
 */
public final class Jt808Endpoint extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Jt808Endpoint.class);

    /** What every connection of this endpoint shares. */
    record Shared(Jt808Config config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, PhoneIndex phones,
                  AuthCodes codes, TerminalSessions sessions, Jt808Stats stats, ReadingMapper mapper,
                  Set<Jt808Connection> connections, AuthCodeSaver saver) {}

    private final Shared shared;
    private NetServer server;
    private long sweepTimer = -1;

    /**
     * @param config   endpoint settings
     * @param registry the current device registry snapshot (read per message, so reloads apply)
     * @param pipeline where readings go
     */
    public Jt808Endpoint(Jt808Config config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline) {
        Jt808Stats stats = new Jt808Stats();
        AuthCodes codes = new AuthCodes(Path.of(config.authCodesFile()));
        this.shared = new Shared(config, registry, pipeline, new PhoneIndex(), codes, new TerminalSessions(stats), stats,
                new ReadingMapper(), ConcurrentHashMap.newKeySet(), new AuthCodeSaver(codes));
    }

    @Override
    public Future<?> start() {
        Jt808Config c = shared.config();
        return vertx.executeBlocking(() -> {
            shared.codes().load();
            return null;
        }).compose(v -> {
            server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true));
            server.connectHandler(socket -> {
                Jt808Connection conn = new Jt808Connection(shared, socket, vertx);
                shared.connections().add(conn);
                conn.start();
            });
            return server.listen(c.port(), c.host());
        }).onSuccess(s -> {
            long period = Math.max(100, Math.min(10_000, c.idleTimeoutMs() / 4));
            sweepTimer = vertx.setPeriodic(period, id -> sweep());
            LOG.info("JT/T 808 endpoint listening on {}:{} (editions {}, idle timeout {} ms)", c.host(), s.actualPort(),
                    c.versions(), c.idleTimeoutMs());
        });
    }

    private void sweep() {
        long limit = shared.config().idleTimeoutMs() * 1_000_000L;
        long now = System.nanoTime();
        for (Jt808Connection c : new ArrayList<>(shared.connections())) {
            if (now - c.lastValidNanos > limit) {
                shared.connections().remove(c);
                c.idleTimeout(shared.config().idleTimeoutMs());
            }
        }
    }

    @Override
    public Future<?> stop() {
        if (sweepTimer >= 0) vertx.cancelTimer(sweepTimer);
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port, or -1 before the server listens. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    /** The authenticated terminals connected now. */
    public TerminalSessions sessions() {
        return shared.sessions();
    }

    /** Frames dropped, registrations, authentications. */
    public Jt808Stats stats() {
        return shared.stats();
    }

    /** Connections open now, authenticated or not. */
    public int connections() {
        return shared.connections().size();
    }
}
