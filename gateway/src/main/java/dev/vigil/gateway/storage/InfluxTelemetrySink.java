package dev.vigil.gateway.storage;

import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stores readings in InfluxDB through the 1.x HTTP API ({@code influxdb-java}): callers' writes are
 * queued and written in batches by dedicated writer threads, never on a Vert.x event loop, and
 * each caller's future completes on the caller's own context once the batch holding its readings
 * was written.
 *
 * <p>Refusals: {@link Rejection.Reason#OVERLOADED} at once when more than {@code maxPending}
 * points are waiting; {@link Rejection.Reason#STORAGE_FAILED} when a batch cannot be written
 * (server down, points refused), with a log line naming the database and the error. Nothing is
 * retried here: the protocol adapter withholds its acknowledgement and the device sends again.
 */
public final class InfluxTelemetrySink implements TelemetrySink {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxTelemetrySink.class);

    private final Vertx vertx;
    private final InfluxConfig config;
    private final InfluxDB client;
    private final WriteQueue queue;
    private final List<Thread> writers = new ArrayList<>();
    private final FailureLog failureLog;
    private final AtomicLong pending = new AtomicLong();
    private final LongAdder pointsWritten = new LongAdder();
    private final LongAdder batchesWritten = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder failedPoints = new LongAdder();
    private final LongAdder overloadRejections = new LongAdder();
    private volatile long lastWriteLatencyMicros = -1;
    private volatile WriteObserver writeObserver;
    private volatile boolean closed;

    /** Creates the sink and starts its writer threads; call {@link #start()} before writing. */
    public InfluxTelemetrySink(Vertx vertx, InfluxConfig config) {
        this.vertx = vertx;
        this.config = config;
        // a request on a stale keep-alive connection is retried; writing the same points twice is harmless
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .writeTimeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(true);
        this.client = config.username() == null && config.password() == null
                ? InfluxDBFactory.connect(config.url(), http)
                : InfluxDBFactory.connect(config.url(), config.username() == null ? "vigil" : config.username(),
                config.password() == null ? "" : config.password(), http);
        this.queue = new WriteQueue(config.batchSize(), config.flushIntervalMs());
        this.failureLog = new FailureLog(LOG);
        for (int i = 0; i < config.writers(); i++) {
            Thread t = new Thread(this::writeLoop, "vigil-influx-writer-" + i);
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
    }

    /**
     * Creates the database when configured to (a no-op if it exists), on a worker thread. Fails
     * with a message naming the URL when InfluxDB cannot be reached; when the server answers but
     * refuses the statement (InfluxDB 2.x/3.x, or a user without the right) it logs a warning and
     * succeeds, since the database may well exist and writes will report it if not.
     */
    public Future<Void> start() {
        if (!config.createDatabase()) return Future.succeededFuture();
        return vertx.executeBlocking(() -> {
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
                LOG.info("InfluxDB sink ready: database '{}' at {}", config.database(), config.url());
            }
            return null;
        }, false);
    }

    @Override
    public Future<Void> write(List<Telemetry> readings) {
        int n = readings.size();
        if (n == 0) return Future.succeededFuture();
        if (closed) {
            return Future.failedFuture(new Rejection(Rejection.Reason.STORAGE_FAILED, "InfluxDB sink is closed"));
        }
        long now = pending.addAndGet(n);
        if (now > config.maxPending()) {
            pending.addAndGet(-n);
            overloadRejections.increment();
            return Future.failedFuture(new Rejection(Rejection.Reason.OVERLOADED, "storage overloaded: "
                    + (now - n) + " points waiting for InfluxDB (limit " + config.maxPending() + "), try later"));
        }
        Context context = vertx.getOrCreateContext();
        Promise<Void> promise = Promise.promise();
        WriteQueue.Entry entry = new WriteQueue.Entry(readings, context, promise);
        if (!queue.add(entry)) {
            pending.addAndGet(-n);
            return Future.failedFuture(new Rejection(Rejection.Reason.STORAGE_FAILED, "InfluxDB sink is closed"));
        }
        return promise.future();
    }

    private void writeLoop() {
        LineProtocolWriter body = new LineProtocolWriter(new StringBuilder(config.batchSize() * 160));
        while (true) {
            List<WriteQueue.Slice> batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) return;
            writeBatch(batch, body);
        }
    }

    private void writeBatch(List<WriteQueue.Slice> batch, LineProtocolWriter lines) {
        StringBuilder body = lines.buffer();
        body.setLength(0);
        int points = 0;
        int written = 0;
        for (WriteQueue.Slice s : batch) {
            points += s.size();
            List<Telemetry> readings = s.entry().readings;
            for (int i = s.from(); i < s.to(); i++) {
                if (LineProtocol.append(lines, readings.get(i))) written++;
            }
        }
        Rejection failure = null;
        if (written > 0) {
            long t0 = System.nanoTime();
            try {
                client.write(config.database(), config.retentionPolicy(), InfluxDB.ConsistencyLevel.ONE,
                        TimeUnit.MILLISECONDS, body.toString());
                long took = System.nanoTime() - t0;
                lastWriteLatencyMicros = took / 1_000;
                WriteObserver o = writeObserver;
                if (o != null) o.onWrite(written, took, true);
                pointsWritten.add(written);
                batchesWritten.increment();
            } catch (RuntimeException e) {
                String message = "InfluxDB write of " + written + " points to database '" + config.database() + "' at "
                        + config.url() + " failed: " + describe(e);
                failure = new Rejection(Rejection.Reason.STORAGE_FAILED, message);
                failedBatches.increment();
                failedPoints.add(written);
                failureLog.log(config.database(), config.url(), written, describe(e));
                WriteObserver o = writeObserver;
                if (o != null) o.onWrite(written, System.nanoTime() - t0, false);
            }
        }
        if (body.capacity() > config.batchSize() * 1024) body.trimToSize();
        pending.addAndGet(-points);
        complete(queue.finished(batch, failure), failure);
    }

    /** Completes the promises on their callers' contexts, with one task per context rather than per write. */
    private static void complete(List<WriteQueue.Entry> done, Rejection failure) {
        if (done.isEmpty()) return;
        Map<Context, List<Promise<Void>>> byContext = new IdentityHashMap<>();
        for (WriteQueue.Entry e : done) byContext.computeIfAbsent(e.context, c -> new ArrayList<>()).add(e.promise);
        byContext.forEach((context, promises) -> context.runOnContext(v -> {
            for (Promise<Void> p : promises) {
                if (failure == null) p.complete();
                else p.fail(failure);
            }
        }));
    }

    /** A short description of a client exception: the distinct messages of it and its causes. */
    static String describe(Throwable e) {
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

    /**
     * Writes what is queued, stops the writer threads and the HTTP client. Writes after this fail
     * with {@code STORAGE_FAILED}.
     */
    @Override
    public Future<Void> close() {
        if (closed) return Future.succeededFuture();
        closed = true;
        queue.close();
        return vertx.executeBlocking(() -> {
            for (Thread t : writers) t.join(config.timeoutMs() * 2);
            client.close();
            return null;
        }, false);
    }

    /** Told about every HTTP write (on a writer thread; must be quick and must not block). */
    public interface WriteObserver {
        void onWrite(int points, long nanos, boolean succeeded);
    }

    /** Sets the one observer of HTTP writes (the metrics), replacing any previous one. */
    public void setWriteObserver(WriteObserver observer) {
        this.writeObserver = observer;
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

    /** Writes refused as overloaded since start. */
    public long overloadRejections() {
        return overloadRejections.sum();
    }

    /** Points accepted by {@link #write} and not yet written or failed. */
    public long pendingPoints() {
        return pending.get();
    }

    /** Duration of the last successful HTTP write in microseconds, or -1 before the first. */
    public long lastWriteLatencyMicros() {
        return lastWriteLatencyMicros;
    }
}
