package dev.vigil.gateway.storage;

import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue between callers of the sink and its writer threads: cuts the pending readings into
 * batches of at most {@code batchSize} points, handing a batch out as soon as it is full or its
 * oldest reading has waited {@code flushInterval}, and tells which callers' writes are done once
 * every part of them has been written (or at the first failed part).
 */
final class WriteQueue {

    /** One caller's write: its readings, the caller's context and promise, and how far it has been handed out. */
    static final class Entry {
        final List<Telemetry> readings;
        final Context context;
        final Promise<Void> promise;
        final long enqueuedNanos;
        int taken;
        int openSlices;
        boolean failed;

        Entry(List<Telemetry> readings, Context context, Promise<Void> promise) {
            this.readings = readings;
            this.context = context;
            this.promise = promise;
            this.enqueuedNanos = System.nanoTime();
        }
    }

    /** Readings {@code from} (inclusive) to {@code to} (exclusive) of one entry, part of a batch. */
    record Slice(Entry entry, int from, int to) {
        int size() {
            return to - from;
        }
    }

    private final int batchSize;
    private final long flushNanos;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private long queuedPoints;
    private boolean closing;

    WriteQueue(int batchSize, long flushIntervalMs) {
        this.batchSize = batchSize;
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
    }

    /** Adds a write; returns false when the queue is closing. */
    boolean add(Entry e) {
        lock.lock();
        try {
            if (closing) return false;
            boolean wasEmpty = queue.isEmpty();
            long before = queuedPoints;
            queue.addLast(e);
            queuedPoints += e.readings.size();
            if (wasEmpty || (before < batchSize && queuedPoints >= batchSize)) ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next batch: full, or due by the flush interval, or anything left while closing.
     *
     * @return the slices of the batch, or null once the queue is closing and empty
     */
    List<Slice> take() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                Entry head = queue.peekFirst();
                if (head == null) {
                    if (closing) return null;
                    ready.await();
                    continue;
                }
                long waitNanos = head.enqueuedNanos + flushNanos - System.nanoTime();
                if (queuedPoints >= batchSize || closing || waitNanos <= 0) {
                    List<Slice> batch = cut();
                    if (!queue.isEmpty()) ready.signal();
                    return batch;
                }
                ready.awaitNanos(waitNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Slice> cut() {
        List<Slice> slices = new ArrayList<>();
        int room = batchSize;
        while (room > 0 && !queue.isEmpty()) {
            Entry e = queue.peekFirst();
            int n = Math.min(room, e.readings.size() - e.taken);
            slices.add(new Slice(e, e.taken, e.taken + n));
            e.taken += n;
            e.openSlices++;
            room -= n;
            queuedPoints -= n;
            if (e.taken == e.readings.size()) queue.pollFirst();
        }
        return slices;
    }

    /**
     * Records the outcome of a batch and returns the writes it finished: every write of the batch
     * when it failed (unless it had failed before), else those whose last part this was.
     */
    List<Entry> finished(List<Slice> batch, Rejection failure) {
        List<Entry> done = new ArrayList<>(batch.size());
        lock.lock();
        try {
            for (Slice s : batch) {
                Entry e = s.entry();
                e.openSlices--;
                if (e.failed) continue;
                if (failure != null) {
                    e.failed = true;
                    done.add(e);
                } else if (e.openSlices == 0 && e.taken == e.readings.size()) {
                    done.add(e);
                }
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Stops accepting writes; what is queued is handed out at once, then {@link #take()} returns null. */
    void close() {
        lock.lock();
        try {
            closing = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
