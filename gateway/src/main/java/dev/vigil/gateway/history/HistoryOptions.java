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
 * @param zonesDir        the gateway's GeoJSON zones, for rule replays with geofences (null: none)
 */
public record HistoryOptions(ZoneId zone, int maxRawPoints, int maxPointsLimit, int chunkSize, int writeChunkBytes,
                             java.nio.file.Path zonesDir) {

    /** 100 000 raw points, max_points up to 20 000, chunks of 10 000 rows, 64 KiB writes, no zones. */
    public static HistoryOptions defaults(ZoneId zone) {
        return of(HistoryConfig.defaults(), zone, null);
    }

    /** The configured limits, in {@code zone}, with the zones of {@code zonesDir}. */
    public static HistoryOptions of(HistoryConfig c, ZoneId zone, java.nio.file.Path zonesDir) {
        return new HistoryOptions(zone, c.maxRawPoints(), c.maxPointsLimit(), c.chunkSize(), c.writeChunkBytes(), zonesDir);
    }
}
