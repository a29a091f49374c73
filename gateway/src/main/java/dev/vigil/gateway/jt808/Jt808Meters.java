package dev.vigil.gateway.jt808;

import dev.vigil.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.FunctionCounter;

/** Publishes the JT/T 808 endpoint's counters and connected terminals on {@code /metrics}. */
public final class Jt808Meters {
    private Jt808Meters() {}

    /** Registers {@code vigil_jt808_frames_dropped_total{reason}}, registration/auth counters and the connected gauge. */
    public static void bind(GatewayMetrics metrics, Jt808Endpoint endpoint) {
        Jt808Stats s = endpoint.stats();
        for (FrameException.Reason r : FrameException.Reason.values()) {
            FunctionCounter.builder("vigil.jt808.frames.dropped", s, x -> x.droppedCount(r))
                    .description("JT/T 808 frames dropped (bad check code, wrong escape, truncated, oversized ...), by reason")
                    .tag("reason", r.label()).register(metrics.registry());
        }
        metrics.counter("vigil.jt808.registrations.unknown", "JT/T 808 registrations refused: phone not registered", s, Jt808Stats::unknownPhone);
        metrics.counter("vigil.jt808.authentications.failed", "JT/T 808 authentications refused", s, Jt808Stats::authFailed);
        metrics.counter("vigil.jt808.takeovers", "JT/T 808 connections closed because the terminal connected again", s, Jt808Stats::takeovers);
        metrics.connectedDevicesGauge("jt808", () -> endpoint.sessions().size());
    }
}
