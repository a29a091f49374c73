package dev.vigil.gateway.history;

import java.time.ZoneId;

/**
 * Limits and settings of the history API.
 *
 * @param zone            zone of ISO output and calendar buckets (the alerts' {@code time_zone})
 * @param maxRawPoints    most points {@code agg=raw} answers; beyond it the caller is told to aggregate
 * @param maxPointsLimit  highest accepted {@code max_points}
 * @param chunkSize       rows per chunk asked from InfluxDB
 * @param writeChunkBytes bytes of CSV collected before each write to the HTTP response
 */
public record HistoryOptions(ZoneId zone, int maxRawPoints, int maxPointsLimit, int chunkSize, int writeChunkBytes) {

    /** 100 000 raw points, max_points up to 20 000, chunks of 10 000 rows, 64 KiB writes. */
    public static HistoryOptions defaults(ZoneId zone) {
        return new HistoryOptions(zone, 100_000, 20_000, 10_000, 64 * 1024);
    }
}
