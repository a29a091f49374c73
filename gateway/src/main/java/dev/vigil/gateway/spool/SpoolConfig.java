package dev.vigil.gateway.spool;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * The {@code spool:} section: where the durable spool between the pipeline and InfluxDB lives and
 * how it commits, limits and replays.
 *
 * @param enabled          spool readings before acknowledging them (default true); false writes to
 *                         InfluxDB directly and acknowledges only what InfluxDB took
 * @param dir              the RocksDB directory (default {@code var/spool}, relative to the directory
 *                         the gateway is started in)
 * @param maxBytes         most bytes of line protocol waiting for InfluxDB; beyond it new readings
 *                         are refused as overloaded (default 1 GiB)
 * @param commitMaxBatch   most appends (messages) in one group commit, i.e. one fsync (default 10000)
 * @param commitMaxWaitMs  how long a group commit waits for more appends before its fsync (default
 *                         0: appends arriving during an fsync form the next group anyway)
 * @param replayBatch      most lines per HTTP write of the replayer (default 5000)
 * @param backoffInitialMs first pause after a failed replay write, doubled per failure (default 500)
 * @param backoffMaxMs     longest pause between replay attempts (default 30000)
 */
public record SpoolConfig(
        @Setting(def = "true") boolean enabled,
        @Setting(def = DEFAULT_DIR) String dir,
        @Setting(def = "1073741824") long maxBytes,
        @Setting(def = "10000") int commitMaxBatch,
        @Setting(def = "0") long commitMaxWaitMs,
        @Setting(def = "5000") int replayBatch,
        @Setting(def = "500") long backoffInitialMs,
        @Setting(def = "30000") long backoffMaxMs) {

    public static final String DEFAULT_DIR = "var/spool";

    public SpoolConfig {
        if (dir == null || dir.isBlank()) dir = DEFAULT_DIR;
        if (maxBytes <= 0) throw new IllegalArgumentException("spool.max_bytes must be positive, got " + maxBytes);
        if (commitMaxBatch <= 0) throw new IllegalArgumentException("spool.commit_max_batch must be positive, got " + commitMaxBatch);
        if (commitMaxWaitMs < 0) throw new IllegalArgumentException("spool.commit_max_wait_ms must not be negative, got " + commitMaxWaitMs);
        if (replayBatch <= 0) throw new IllegalArgumentException("spool.replay_batch must be positive, got " + replayBatch);
        if (backoffInitialMs <= 0 || backoffMaxMs < backoffInitialMs) {
            throw new IllegalArgumentException("spool.backoff_initial_ms must be positive and at most spool.backoff_max_ms, got "
                    + backoffInitialMs + " and " + backoffMaxMs);
        }
    }

    /** Every default (spool on, under {@code var/spool}). */
    public static SpoolConfig defaults() {
        return GatewayConfig.defaults().spool();
    }

    /** This section with another directory. */
    public SpoolConfig withDir(String newDir) {
        return new SpoolConfig(enabled, newDir, maxBytes, commitMaxBatch, commitMaxWaitMs, replayBatch, backoffInitialMs,
                backoffMaxMs);
    }

    /** This section with another size limit. */
    public SpoolConfig withMaxBytes(long newMaxBytes) {
        return new SpoolConfig(enabled, dir, newMaxBytes, commitMaxBatch, commitMaxWaitMs, replayBatch, backoffInitialMs,
                backoffMaxMs);
    }

    /** This section with other replay backoff pauses. */
    public SpoolConfig withBackoff(long initialMs, long maxMs) {
        return new SpoolConfig(enabled, dir, maxBytes, commitMaxBatch, commitMaxWaitMs, replayBatch, initialMs, maxMs);
    }
}
