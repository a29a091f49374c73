package dev.vigil.gateway.support;

import dev.vigil.gateway.pipeline.DefaultTelemetryPipeline;
import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.Vertx;

/** The gateway's real pipeline for adapter tests, with the default limits, over a test sink. */
public final class TestPipeline {
    /** The default of {@code validation.max_payload_bytes}. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private TestPipeline() {}

    /** The real pipeline for a fixed registry, writing into {@code sink}. */
    public static DefaultTelemetryPipeline over(Vertx vertx, DeviceRegistry registry, TelemetrySink sink) {
        return new DefaultTelemetryPipeline(vertx, () -> registry,
                new TelemetryDecoder(TelemetryDecoder.Limits.defaults()), MAX_PAYLOAD_BYTES, sink);
    }
}
