package dev.vigil.gateway.hj212;

import dev.vigil.gateway.adapter.ProtocolAdapter;
import dev.vigil.gateway.metrics.GatewayMetrics;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Deployable;

import java.util.List;
import java.util.function.Supplier;

/** The HJ 212-2017 endpoint for CEMS data loggers as an adapter, with its frame and refusal counters. */
public final class Hj212Adapter implements ProtocolAdapter {
    private final Hj212Config config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final Hj212Stats stats = new Hj212Stats();
    private volatile Hj212Endpoint endpoint;

    public Hj212Adapter(Hj212Config config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline, GatewayMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        metrics.connectedDevicesGauge("hj212", () -> endpoint == null ? 0 : endpoint.connections());
        metrics.counter("vigil.hj212.frames", "HJ 212 frames with a good length and check code", stats, s -> s.frames());
        for (String r : List.of("bad_length", "bad_crc", "oversized", "garbage", "truncated", "malformed",
                "split_incomplete", "split_evicted")) {
            metrics.counter("vigil.hj212.dropped." + r, "HJ 212 frames dropped: " + r, stats, s -> s.drops(r));
        }
        metrics.counter("vigil.hj212.split.packets", "HJ 212 packets of split messages (Flag bit 1)", stats, s -> s.splitPackets());
        metrics.counter("vigil.hj212.split.messages", "HJ 212 split messages put back together", stats, s -> s.splitMessages());
        for (String r : List.of("unknown_mn", "wrong_pw")) {
            metrics.counter("vigil.hj212.refused." + r, "HJ 212 frames refused: " + r, stats, s -> s.authFailures(r));
        }
    }

    @Override
    public String name() {
        return "hj212";
    }

    @Override
    public Deployable newVerticle() {
        return endpoint = new Hj212Endpoint(config, registry, pipeline, stats);
    }

    @Override
    public String starting() {
        return "starting on " + config.host() + ":" + config.port();
    }

    @Override
    public String started() {
        return "listening on " + config.host() + ":" + port();
    }

    /** The port it listens on, or -1 before start. */
    public int port() {
        return endpoint == null ? -1 : endpoint.actualPort();
    }

    public Hj212Stats stats() {
        return stats;
    }
}
