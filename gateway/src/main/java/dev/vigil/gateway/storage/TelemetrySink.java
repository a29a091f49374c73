package dev.vigil.gateway.storage;

import dev.vigil.profile.Telemetry;
import io.vertx.core.Future;

import java.util.List;

/**
 * Where accepted readings go. The future completes when the readings are durably accepted (for
 * InfluxDB: the batch holding them was written), and fails with the cause otherwise. Never blocks
 * the caller.
 */
public interface TelemetrySink {

    Future<Void> write(List<Telemetry> readings);

    /** Flushes what is pending and releases resources. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
