package dev.vigil.gateway.storage;

import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bench only ({@code influx.discard: true}): a sink that encodes every reading as line protocol,
 * as the InfluxDB sink would, and then drops it, so a benchmark sees the gateway's own cost
 * without storage. Never use it in production: acknowledged readings are not stored.
 */
public final class DiscardingSink implements TelemetrySink {
    private static final ThreadLocal<LineProtocolWriter> BUFFER =
            ThreadLocal.withInitial(() -> new LineProtocolWriter(4096));

    private final LongAdder discarded = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public Future<Void> write(List<Telemetry> readings) {
        LineProtocolWriter lines = BUFFER.get();
        lines.clear(1 << 20);
        for (Telemetry t : readings) LineProtocol.append(lines, t);
        bytes.add(lines.length());
        discarded.add(readings.size());
        return Future.succeededFuture();
    }

    /** Readings dropped since start. */
    public long discarded() {
        return discarded.sum();
    }

    /** Bytes of line protocol encoded (and dropped) since start. */
    public long encodedBytes() {
        return bytes.sum();
    }
}
