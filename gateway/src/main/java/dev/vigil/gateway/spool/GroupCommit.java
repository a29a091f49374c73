package dev.vigil.gateway.spool;

import dev.vigil.profile.Rejection;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The spool's group commit: one dedicated thread takes every append waiting, writes them as one
 * RocksDB WriteBatch with a synced WAL (one fsync for the whole group) and then completes their
 * promises on the callers' contexts. Appends arriving during an fsync form the next group, so the
 * fsync rate stays bounded by the disk however many readings arrive.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** One append: a stored value, the caller's context (null: complete on this thread) and promise. */
    record Append(byte[] value, int lines, Context context, Promise<Void> promise) {}

    private final SpoolStore store;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Failed onFailed;
    private final Committed onCommitted;
    private long nextSeq;
    private volatile boolean closing;

    /** Told about appends that could not be written (so their reserved bytes are released). */
    interface Failed {
        void onFailed(List<Append> appends, Exception cause);
    }

    /** Told after each group commit: the last sequence number written and the group's size. */
    interface Committed {
        void onCommitted(long lastSeq, int appends);
    }

    GroupCommit(SpoolStore store, long nextSeq, int maxBatch, long maxWaitMs, Failed onFailed, Committed onCommitted) {
        this.store = store;
        this.nextSeq = nextSeq;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        this.onFailed = onFailed;
        this.onCommitted = onCommitted;
        this.thread = new Thread(this::run, "vigil-spool-commit");
        thread.setDaemon(true);
        thread.start();
    }

    void add(Append a) {
        queue.add(a);
    }

    private void run() {
        List<Append> group = new ArrayList<>(maxBatch);
        List<byte[]> values = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Append first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) return;
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxBatch - 1);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (maxWaitNanos > 0 && group.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Append more = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (more == null) break;
                    group.add(more);
                    queue.drainTo(group, maxBatch - group.size());
                }
            } catch (InterruptedException e) {
                return;
            }
            for (Append a : group) values.add(a.value());
            Exception failure = null;
            try {
                store.append(nextSeq, values);
                nextSeq += values.size();
                onCommitted.onCommitted(nextSeq - 1, values.size());
            } catch (Exception e) {
                failure = new Rejection(Rejection.Reason.STORAGE_FAILED, "spool write failed: " + e.getMessage());
                LOG.error("spool: cannot write {} records to {}: {}", group.size(), store.dir(), e.getMessage());
                onFailed.onFailed(group, e);
            }
            complete(group, failure);
            group.clear();
            values.clear();
        }
    }

    private static void complete(List<Append> group, Exception failure) {
        Map<Context, List<Promise<Void>>> byContext = new IdentityHashMap<>();
        for (Append a : group) {
            if (a.context() == null) {
                if (failure == null) a.promise().complete();
                else a.promise().fail(failure);
            } else {
                byContext.computeIfAbsent(a.context(), c -> new ArrayList<>()).add(a.promise());
            }
        }
        byContext.forEach((context, promises) -> context.runOnContext(v -> {
            for (Promise<Void> p : promises) {
                if (failure == null) p.complete();
                else p.fail(failure);
            }
        }));
    }

    /** Commits what is queued, then stops the thread. Blocking. */
    void close() throws InterruptedException {
        closing = true;
        thread.join(30_000);
    }
}
