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
            ThreadLocal.withInitial(() -> new LineProtocolWriter(new StringBuilder(4096)));

    private final LongAdder discarded = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public Future<Void> write(List<Telemetry> readings) {
        LineProtocolWriter lines = BUFFER.get();
        StringBuilder sb = lines.buffer();
        sb.setLength(0);
        for (Telemetry t : readings) LineProtocol.append(lines, t);
        bytes.add(sb.length());
        if (sb.capacity() > 1 << 20) BUFFER.remove();
        discarded.add(readings.size());
        return Future.succeededFuture();
    }

    /** Readings dropped since start. */
    public long discarded() {
        return discarded.sum();
    }

    /** Characters of line protocol encoded (and dropped) since start. */
    public long encodedChars() {
        return bytes.sum();
    }
}
