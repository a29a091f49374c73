package dev.vigil.gateway.storage;

import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stores readings in InfluxDB directly (without the spool): callers' writes are queued and written
 * in batches by dedicated writer threads through the one {@link InfluxWriter}, never on a Vert.x
 * event loop, and each caller's future completes on the caller's own context once the batch
 * holding its readings was written.
 *
 * <p>Refusals: {@link Rejection.Reason#OVERLOADED} at once when more than {@code maxPending}
 * points are waiting; {@link Rejection.Reason#STORAGE_FAILED} when a batch cannot be written
 * (server down, points refused), with a log line naming the database and the error. Nothing is
 * retried here: the protocol adapter withholds its acknowledgement and the device sends again.
 */
public final class InfluxTelemetrySink implements TelemetrySink {

    private final Vertx vertx;
    private final InfluxConfig config;
    private final InfluxWriter writer;
    private final WriteQueue queue;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicLong pending = new AtomicLong();
    private final LongAdder overloadRejections = new LongAdder();
    private volatile boolean closed;

    /** Creates the sink and starts its writer threads; call {@link #start()} before writing. */
    public InfluxTelemetrySink(Vertx vertx, InfluxConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.writer = new InfluxWriter(config);
        this.queue = new WriteQueue(config.batchSize(), config.flushIntervalMs());
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
            writer.createDatabase();
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
        LineProtocolWriter body = new LineProtocolWriter(config.batchSize() * 160);
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
        lines.clear(config.batchSize() * 1024);
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
            try {
                writer.write(lines.toString(), written);
            } catch (InfluxWriter.WriteFailure e) {
                failure = new Rejection(Rejection.Reason.STORAGE_FAILED, e.getMessage());
            }
        }
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

    /** A short description of a client exception (see {@link InfluxWriter#describe}). */
    static String describe(Throwable e) {
        return InfluxWriter.describe(e);
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
            writer.close();
            return null;
        }, false);
    }

    /** Sets the one observer of HTTP writes (the metrics), replacing any previous one. */
    public void setWriteObserver(InfluxWriter.WriteObserver observer) {
        writer.setWriteObserver(observer);
    }

    /** The InfluxDB writer this sink writes through. */
    public InfluxWriter writer() {
        return writer;
    }

    public InfluxConfig config() {
        return config;
    }

    /** Points accepted by InfluxDB since start. */
    public long pointsWritten() {
        return writer.pointsWritten();
    }

    /** Successful HTTP writes since start. */
    public long batchesWritten() {
        return writer.batchesWritten();
    }

    /** HTTP writes that failed since start. */
    public long failedBatches() {
        return writer.failedBatches();
    }

    /** Points in failed HTTP writes since start. */
    public long failedPoints() {
        return writer.failedPoints();
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
        return writer.lastWriteLatencyMicros();
    }
}
