package dev.vigil.gateway.pipeline;

import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Future;

/**
 * The only way in for every adapter: decode and validate a raw message against the device's
 * profile, then fan the resulting {@link Telemetry} out to storage and rules.
 *
 * <p>The returned future succeeds when storage has accepted every reading of the message (so an
 * adapter can tie its acknowledgement to it), and fails with a
 * {@link dev.vigil.profile.Rejection} carrying the reason when the message is refused or cannot be
 * stored. Safe to call from any Vert.x context; it never blocks.
 */
public interface TelemetryPipeline {

    /** Decodes, validates and stores a raw message. */
    Future<Void> accept(RawMessage message);

    /**
     * Counts and logs a message that an adapter refused before it reached the pipeline (log-in,
     * topic, content format, size, rate): every refusal, whatever its protocol, is a log line
     * naming the device or source and the reason, and a counter.
     *
     * @param who the device id, or for a failed log-in the source (address, client id, token prefix)
     */
    void refused(String protocol, String who, Rejection rejection);

    /**
     * Validates and stores readings that an adapter produced as typed values (a Modbus poll, an
     * HJ 212 frame): the same checks, refusal reasons and counters as {@link #accept(RawMessage)}.
     */
    Future<Void> accept(ValuesMessage message);
}
