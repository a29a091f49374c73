package dev.vigil.gateway.spool;

import com.fasterxml.jackson.annotation.JsonProperty;

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
public record SpoolConfig(Boolean enabled,
                          String dir,
                          @JsonProperty("max_bytes") Long maxBytes,
                          @JsonProperty("commit_max_batch") Integer commitMaxBatch,
                          @JsonProperty("commit_max_wait_ms") Long commitMaxWaitMs,
                          @JsonProperty("replay_batch") Integer replayBatch,
                          @JsonProperty("backoff_initial_ms") Long backoffInitialMs,
                          @JsonProperty("backoff_max_ms") Long backoffMaxMs) {

    public static final String DEFAULT_DIR = "var/spool";

    public SpoolConfig {
        if (enabled == null) enabled = true;
        if (dir == null || dir.isBlank()) dir = DEFAULT_DIR;
        if (maxBytes == null) maxBytes = 1L << 30;
        if (commitMaxBatch == null) commitMaxBatch = 10_000;
        if (commitMaxWaitMs == null) commitMaxWaitMs = 0L;
        if (replayBatch == null) replayBatch = 5_000;
        if (backoffInitialMs == null) backoffInitialMs = 500L;
        if (backoffMaxMs == null) backoffMaxMs = 30_000L;
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
        return new SpoolConfig(null, null, null, null, null, null, null, null);
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
