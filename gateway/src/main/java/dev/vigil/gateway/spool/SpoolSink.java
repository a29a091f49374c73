package dev.vigil.gateway.spool;

import dev.vigil.gateway.storage.InfluxWriter;
import dev.vigil.gateway.storage.LineProtocol;
import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The durable spool as the pipeline's sink: readings are encoded as line protocol with their final
 * timestamps, appended to RocksDB by the group commit (one fsync per group) and acknowledged once
 * synced; the {@link Replayer} drains them into InfluxDB. Alert events take the same path
 * ({@link #appendLines}). When the backlog reaches {@code max_bytes}, new readings are refused as
 * {@link Rejection.Reason#OVERLOADED} (MQTT 5 0x97, CoAP 5.03 + Max-Age, MQTT 3.1.1 disconnect)
 * until the replayer frees space; nothing already acknowledged is dropped.
 */
public final class SpoolSink implements TelemetrySink {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolSink.class);
    private static final ThreadLocal<LineProtocolWriter> BUFFER = ThreadLocal.withInitial(() -> new LineProtocolWriter(1024));

    private final Vertx vertx;
    private final SpoolConfig config;
    private final SpoolStore store;
    private final InfluxWriter writer;
    private final GroupCommit commit;
    private final Replayer replayer;
    private final Accounting accounting = new Accounting();
    private volatile boolean closed;
    private volatile boolean full;

    /** The spool's figures: bytes and readings waiting, replayed, dead-lettered, refused. */
    public static final class Accounting {
        private final AtomicLong pendingBytes = new AtomicLong();
        private final AtomicLong pendingReadings = new AtomicLong();
        private final LongAdder replayed = new LongAdder();
        private final LongAdder deadLettered = new LongAdder();
        private final LongAdder refusedFull = new LongAdder();
        private final LongAdder commits = new LongAdder();
        private final LongAdder appends = new LongAdder();
        private volatile long headAppendedAt;

        void replayed(int lines, long bytes) {
            pendingBytes.addAndGet(-bytes);
            pendingReadings.addAndGet(-lines);
            replayed.add(lines);
        }

        void deadLettered(int lines, long bytes) {
            pendingBytes.addAndGet(-bytes);
            pendingReadings.addAndGet(-lines);
            deadLettered.add(lines);
        }

        void headAppendedAt(long at) {
            headAppendedAt = at;
        }

        /** Bytes of line protocol spooled and not yet in InfluxDB. */
        public long pendingBytes() {
            return pendingBytes.get();
        }

        /** Readings (and alert lines) spooled and not yet in InfluxDB. */
        public long pendingReadings() {
            return pendingReadings.get();
        }

        /** Readings written to InfluxDB by the replayer since start. */
        public long replayedReadings() {
            return replayed.sum();
        }

        /** Readings moved to the dead letters since start. */
        public long deadLetteredReadings() {
            return deadLettered.sum();
        }

        /** Group commits (fsyncs) since start. */
        public long commits() {
            return commits.sum();
        }

        /** Appends (messages, alert batches) since start; appends / commits = readings per fsync. */
        public long appends() {
            return appends.sum();
        }

        /** Writes refused because the spool was full, since start. */
        public long refusedFull() {
            return refusedFull.sum();
        }

        /** Seconds since the oldest reading not yet in InfluxDB was spooled (0 when none waits). */
        public double oldestPendingAgeSeconds() {
            long at = headAppendedAt;
            return at == 0 || pendingReadings.get() <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - at) / 1000.0;
        }
    }

    private SpoolSink(Vertx vertx, SpoolConfig config, SpoolRecovery.Opened opened, InfluxWriter writer)
            throws Exception {
        this.vertx = vertx;
        this.config = config;
        this.store = opened.store();
        this.writer = writer;
        accounting.pendingBytes.set(opened.bytes());
        accounting.pendingReadings.set(opened.readings());
        accounting.headAppendedAt = opened.oldestAppendedAt();
        long cursor = store.cursor();
        long last = store.lastSeq();
        this.replayer = new Replayer(store, writer, config, accounting, cursor);
        this.commit = new GroupCommit(store, last + 1, config.commitMaxBatch(), config.commitMaxWaitMs(),
                (appends, cause) -> {
                    for (GroupCommit.Append a : appends) release(a.value().length, a.lines());
                }, (lastSeq, n) -> {
                    accounting.commits.increment();
                    accounting.appends.add(n);
                    replayer.wake(lastSeq);
                });
        replayer.wake(last);
        replayer.start();
    }

    /**
     * Opens (recovering if needed) the spool in {@code config.dir()} and starts its threads; the
     * replayer creates the database when InfluxDB is first reachable (if configured to). Blocking.
     */
    public static SpoolSink open(Vertx vertx, SpoolConfig config, InfluxWriter writer) {
        try {
            SpoolRecovery.Opened opened = SpoolRecovery.open(Path.of(config.dir()));
            LOG.info("spool ready at {} (limit {} bytes): acknowledged readings are fsynced there, then written to "
                    + "InfluxDB database '{}' at {}", config.dir(), config.maxBytes(), writer.config().database(),
                    writer.config().url());
            return new SpoolSink(vertx, config, opened, writer);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the spool at " + config.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Future<Void> write(List<Telemetry> readings) {
        if (readings.isEmpty()) return Future.succeededFuture();
        LineProtocolWriter w = BUFFER.get();
        w.clear(1 << 20);
        int lines = 0;
        for (Telemetry t : readings) if (LineProtocol.append(w, t)) lines++;
        byte[] text = w.toByteArray();
        if (lines == 0) return Future.succeededFuture();
        Context context = vertx.getOrCreateContext();
        return append(text, lines, context, false);
    }

    /**
     * Appends already-encoded line protocol (alert events, last-seen times): {@code lines} lines,
     * each ending in a newline. Completes once fsynced; never refused for space (these are few and
     * the rules depend on them), only when the spool is closed or the disk write fails.
     */
    public Future<Void> appendLines(String text, int lines) {
        if (lines == 0) return Future.succeededFuture();
        return append(text.getBytes(StandardCharsets.UTF_8), lines, null, true);
    }

    /** {@link #appendLines}, waiting for the fsync (a {@link dev.vigil.gateway.storage.LineSink}). Blocking. */
    public void appendLinesDurably(String text, int lines) throws Exception {
        appendLines(text, lines).toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    private Future<Void> append(byte[] text, int lines, Context context, boolean always) {
        if (closed) return Future.failedFuture(new Rejection(Rejection.Reason.STORAGE_FAILED, "the spool is closed"));
        byte[] value = SpoolRecord.value(System.currentTimeMillis(), lines, text);
        long now = accounting.pendingBytes.addAndGet(value.length);
        if (!always && now > config.maxBytes()) {
            accounting.pendingBytes.addAndGet(-value.length);
            accounting.refusedFull.increment();
            if (!full) {
                full = true;
                LOG.error("SPOOL FULL: {} bytes waiting for InfluxDB (limit spool.max_bytes = {}); refusing new readings "
                        + "until the replayer frees space ({})", now - value.length, config.maxBytes(),
                        replayer.lastError() == null ? "InfluxDB is slower than the input" : replayer.lastError());
            }
            return Future.failedFuture(new Rejection(Rejection.Reason.OVERLOADED, "spool full: "
                    + (now - value.length) + " bytes waiting for InfluxDB (limit " + config.maxBytes() + "), try later"));
        }
        if (full && now <= config.maxBytes() * 9 / 10) {
            full = false;
            LOG.info("spool has room again ({} bytes waiting, limit {}): accepting readings", now, config.maxBytes());
        }
        accounting.pendingReadings.addAndGet(lines);
        Promise<Void> promise = Promise.promise();
        commit.add(new GroupCommit.Append(value, lines, context, promise));
        return promise.future();
    }

    private void release(long bytes, int lines) {
        accounting.pendingBytes.addAndGet(-bytes);
        accounting.pendingReadings.addAndGet(-lines);
    }

    public Accounting accounting() {
        return accounting;
    }

    public InfluxWriter writer() {
        return writer;
    }

    public SpoolConfig config() {
        return config;
    }

    /** True while new readings are refused for lack of space. */
    public boolean full() {
        return full;
    }

    /** The replayer's state for {@code /ready}: CAUGHT_UP, REPLAYING, RETRYING or CONFIG_ERROR. */
    public String replayState() {
        return replayer.state().name();
    }

    /** The replayer's last error, or null while InfluxDB takes its writes. */
    public String replayError() {
        return replayer.lastError();
    }

    /** Bytes of the spool's files on disk, as RocksDB reports them. */
    public long diskBytes() {
        return store.diskBytes();
    }

    /** Commits what is queued, stops the replayer and closes RocksDB (the backlog stays for the next start). */
    @Override
    public Future<Void> close() {
        if (closed) return Future.succeededFuture();
        closed = true;
        return vertx.executeBlocking(() -> {
            commit.close();
            replayer.close();
            store.close();
            writer.close();
            return null;
        }, false);
    }
}
