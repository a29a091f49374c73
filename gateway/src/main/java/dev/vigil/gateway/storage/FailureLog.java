package dev.vigil.gateway.storage;

import org.slf4j.Logger;

/**
 * Logs failed InfluxDB writes: each new error at once, a repeat of the same error at most once a
 * second with the number of failures in between, so an outage does not flood the log.
 */
final class FailureLog {
    private static final long REPEAT_NANOS = 1_000_000_000L;

    private final Logger log;
    private String lastError;
    private long lastLoggedNanos;
    private long suppressed;

    FailureLog(Logger log) {
        this.log = log;
    }

    synchronized void log(String database, String url, int points, String error) {
        long now = System.nanoTime();
        if (error.equals(lastError) && now - lastLoggedNanos < REPEAT_NANOS) {
            suppressed++;
            return;
        }
        if (suppressed > 0 && error.equals(lastError)) {
            log.warn("InfluxDB write of {} points to database '{}' at {} failed ({} more failed writes since the "
                    + "last report): {}", points, database, url, suppressed, error);
        } else {
            log.warn("InfluxDB write of {} points to database '{}' at {} failed: {}", points, database, url, error);
        }
        lastError = error;
        lastLoggedNanos = now;
        suppressed = 0;
    }
}
