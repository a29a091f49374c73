package dev.vigil.gateway.history;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Limits of the history API ({@code history:} in the configuration).
 *
 * @param maxRawPoints    most points {@code agg=raw} answers; beyond it the caller is told to aggregate
 * @param maxPointsLimit  highest accepted {@code max_points}
 * @param chunkSize       rows per chunk asked from InfluxDB
 * @param writeChunkBytes bytes of CSV collected before each write to the HTTP response
 */
public record HistoryConfig(
        @Setting(def = "100000") int maxRawPoints,
        @Setting(def = "20000") int maxPointsLimit,
        @Setting(def = "10000") int chunkSize,
        @Setting(def = "65536") int writeChunkBytes) {
    public HistoryConfig {
        if (maxRawPoints < 1) throw new IllegalArgumentException("history.max_raw_points must be positive, got " + maxRawPoints);
        if (maxPointsLimit < 4) throw new IllegalArgumentException("history.max_points_limit must be at least 4, got " + maxPointsLimit);
        if (chunkSize < 1) throw new IllegalArgumentException("history.chunk_size must be positive, got " + chunkSize);
        if (writeChunkBytes < 1024) throw new IllegalArgumentException("history.write_chunk_bytes must be at least 1024, got " + writeChunkBytes);
    }

    /** The declared defaults. */
    public static HistoryConfig defaults() {
        return GatewayConfig.defaults().history();
    }
}
