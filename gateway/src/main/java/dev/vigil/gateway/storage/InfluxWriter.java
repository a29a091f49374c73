package dev.vigil.gateway.storage;

import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one InfluxDB writer: sends already-encoded line protocol (millisecond timestamps) to the
 * 1.x HTTP API ({@code influxdb-java}) and tells the caller how InfluxDB answered, so the sink can
 * fail a batch and the spool's replayer can retry, dead-letter or report a configuration error.
 * Blocking: call it from a writer thread, never from an event loop.
 */
public final class InfluxWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);
    /** The HTTP status of the last request made on this thread (the client does not expose it). */
    private static final ThreadLocal<int[]> LAST_STATUS = ThreadLocal.withInitial(() -> new int[1]);

    /** How InfluxDB answered a write. */
    public enum Outcome {
        /** 2xx: stored. */
        OK,
        /** 5xx, timeout, refused connection: try again later. */
        RETRY,
        /** 400 (field type conflict, unparseable line, beyond retention): the points will never be taken. */
        REFUSED,
        /** 404 database not found, 401/403: the configuration is wrong; retrying helps only once it is fixed. */
        CONFIG_ERROR
    }

    /** A write that did not succeed: its outcome, HTTP status (0 without an answer) and InfluxDB's error. */
    public static final class WriteFailure extends Exception {
        private final Outcome outcome;
        private final int status;

        WriteFailure(Outcome outcome, int status, String message, Throwable cause) {
            super(message, cause, false, false);
            this.outcome = outcome;
            this.status = status;
        }

        public Outcome outcome() {
            return outcome;
        }

        public int status() {
            return status;
        }
    }

    /** Told about every HTTP write (on a writer thread; must be quick and must not block). */
    public interface WriteObserver {
        void onWrite(int points, long nanos, boolean succeeded);
    }

    private final InfluxConfig config;
    private final InfluxDB client;
    private final FailureLog failureLog = new FailureLog(LOG);
    private final LongAdder pointsWritten = new LongAdder();
    private final LongAdder batchesWritten = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder failedPoints = new LongAdder();
    private volatile long lastWriteLatencyMicros = -1;
    private volatile WriteObserver observer;

    public InfluxWriter(InfluxConfig config) {
        this.config = config;
        // a request on a stale keep-alive connection is retried; writing the same points twice is harmless
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(true)
                .addInterceptor(chain -> {
                    okhttp3.Response r = chain.proceed(chain.request());
                    LAST_STATUS.get()[0] = r.code();
                    return r;
                });
        this.client = InfluxConnections.connect(config, http);
    }

    /**
     * Writes {@code lines} ({@code points} of them, for the counters) to the configured database.
     *
     * @throws WriteFailure when InfluxDB did not answer 2xx, saying whether to retry
     */
    public void write(String lines, int points) throws WriteFailure {
        if (points == 0) return;
        int[] status = LAST_STATUS.get();
        status[0] = 0;
        long t0 = System.nanoTime();
        try {
            client.write(config.database(), config.retentionPolicy(), InfluxDB.ConsistencyLevel.ONE,
                    TimeUnit.MILLISECONDS, lines);
            long took = System.nanoTime() - t0;
            lastWriteLatencyMicros = took / 1_000;
            WriteObserver o = observer;
            if (o != null) o.onWrite(points, took, true);
            pointsWritten.add(points);
            batchesWritten.increment();
        } catch (RuntimeException e) {
            int code = e instanceof InfluxDBIOException ? 0 : status[0];
            failedBatches.increment();
            failedPoints.add(points);
            String error = describe(e);
            failureLog.log(config.database(), config.url(), points, error);
            WriteObserver o = observer;
            if (o != null) o.onWrite(points, System.nanoTime() - t0, false);
            throw new WriteFailure(classify(code, e), code, "InfluxDB write of " + points + " points to database '"
                    + config.database() + "' at " + config.url() + " failed: " + error + (code == 0 ? "" : " (HTTP " + code + ")"), e);
        }
    }

    private static Outcome classify(int status, RuntimeException e) {
        if (status == 404 || status == 401 || status == 403) return Outcome.CONFIG_ERROR;
        if (status >= 400 && status < 500) return Outcome.REFUSED;
        if (status == 0 && e instanceof InfluxDBException.DatabaseNotFoundException) return Outcome.CONFIG_ERROR;
        return Outcome.RETRY;
    }

    /**
     * Issues {@code CREATE DATABASE} (a no-op if it exists). Throws when InfluxDB cannot be reached;
     * when it answers but refuses (2.x/3.x, or a user without the right) logs a warning and returns,
     * since the database may well exist and writes will report it if not. Blocking.
     */
    public void createDatabase() {
        String q = "CREATE DATABASE \"" + config.database().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        String refusal;
        try {
            QueryResult r = client.query(new Query(q));
            refusal = r.hasError() ? r.getError() : null;
        } catch (InfluxDBIOException e) {
            throw new IllegalStateException("cannot create InfluxDB database '" + config.database() + "' at "
                    + config.url() + ": " + describe(e), e);
        } catch (InfluxDBException e) {
            refusal = describe(e);
        }
        if (refusal != null) {
            LOG.warn("InfluxDB at {} refused {} ({}); assuming the database exists (set createDatabase to false "
                    + "for InfluxDB 2.x/3.x)", config.url(), q, refusal);
        } else {
            LOG.info("InfluxDB ready: database '{}' at {}", config.database(), config.url());
        }
    }

    /** A short description of a client exception: the distinct messages of it and its causes. */
    public static String describe(Throwable e) {
        List<String> parts = new ArrayList<>();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            String m = t.getMessage();
            if (m == null || m.isBlank()) continue;
            m = m.strip();
            String prev = parts.isEmpty() ? null : parts.get(parts.size() - 1);
            if (prev != null && prev.contains(m)) continue;
            if (prev != null && m.contains(prev)) parts.set(parts.size() - 1, m);
            else parts.add(m);
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }

    /** Sets the one observer of HTTP writes (the metrics), replacing any previous one. */
    public void setWriteObserver(WriteObserver observer) {
        this.observer = observer;
    }

    public InfluxConfig config() {
        return config;
    }

    /** Points accepted by InfluxDB since start. */
    public long pointsWritten() {
        return pointsWritten.sum();
    }

    /** Successful HTTP writes since start. */
    public long batchesWritten() {
        return batchesWritten.sum();
    }

    /** HTTP writes that failed since start. */
    public long failedBatches() {
        return failedBatches.sum();
    }

    /** Points in failed HTTP writes since start. */
    public long failedPoints() {
        return failedPoints.sum();
    }

    /** Duration of the last successful HTTP write in microseconds, or -1 before the first. */
    public long lastWriteLatencyMicros() {
        return lastWriteLatencyMicros;
    }

    @Override
    public void close() {
        client.close();
    }
}
