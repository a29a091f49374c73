package dev.vigil.gateway.support;

import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TelemetrySink} for tests that run the real pipeline: records what it stores, and can be
 * told to fail every write, fail the first write of a reading with a given ts, delay writes, or hold
 * them until released, as a failing or slow InfluxDB would.
 */
public final class RecordingSink implements TelemetrySink {
    /** Readings stored, in order. */
    public final List<Telemetry> written = new CopyOnWriteArrayList<>();
    /** The readings of each successful write, one list per write (a backfill is one write). */
    public final List<List<Telemetry>> batches = new CopyOnWriteArrayList<>();
    /** Per write: "event-loop" when called on a Vert.x event loop, else the thread name. */
    public final List<String> threads = new CopyOnWriteArrayList<>();
    private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Set<Long> failOnceFor = ConcurrentHashMap.newKeySet();
    private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failNext = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile long delayMillis;
    private volatile boolean holding;

    /** Every write fails with this cause (a {@link dev.vigil.profile.Rejection} keeps its reason); null to store again. */
    public RecordingSink failWith(Throwable cause) {
        this.failure = cause;
        return this;
    }

    /** The next write (only) fails with this cause. */
    public RecordingSink failNext(Throwable cause) {
        failNext.set(cause);
        return this;
    }

    /** The first write holding a reading with this ts fails as InfluxDB being down would. */
    public RecordingSink failOnce(long ts) {
        failOnceFor.add(ts);
        return this;
    }

    /** Writes complete this long after they were made (on the caller's Vert.x context). */
    public RecordingSink delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Writes stay pending until {@link #release()}. */
    public RecordingSink hold() {
        this.holding = true;
        return this;
    }

    /** Stores and completes every held write, and stops holding. */
    public void release() {
        holding = false;
        held.forEach(Promise::tryComplete);
    }

    /** Writes pending because of {@link #hold()}. */
    public int heldCount() {
        return (int) held.stream().filter(p -> !p.future().isComplete()).count();
    }

    /** How many writes carried a reading with this ts. */
    public int attempts(long ts) {
        AtomicInteger a = attempts.get(ts);
        return a == null ? 0 : a.get();
    }

    @Override
    public Future<Void> write(List<Telemetry> readings) {
        threads.add(Context.isOnEventLoopThread() ? "event-loop" : Thread.currentThread().getName());
        boolean failOnce = false;
        for (Telemetry t : readings) {
            attempts.computeIfAbsent(t.time(), k -> new AtomicInteger()).incrementAndGet();
            failOnce |= failOnceFor.remove(t.time());
        }
        if (failOnce) return Future.failedFuture(new IllegalStateException("InfluxDB write failed: connection refused"));
        Throwable f = failNext.getAndSet(null);
        if (f == null) f = failure;
        if (f != null) return Future.failedFuture(f);
        if (holding) {
            Promise<Void> p = Promise.promise();
            held.add(p);
            return p.future().onSuccess(v -> store(readings));
        }
        long delay = delayMillis;
        if (delay <= 0) {
            store(readings);
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        Vertx.currentContext().owner().setTimer(delay, id -> {
            store(readings);
            p.complete();
        });
        return p.future();
    }

    private void store(List<Telemetry> readings) {
        batches.add(List.copyOf(readings));
        written.addAll(readings);
    }

    /** The stored readings of one device, in order. */
    public List<Telemetry> of(String deviceId) {
        return written.stream().filter(t -> t.device().id().equals(deviceId)).toList();
    }

    /** The last stored reading of a device, or null. */
    public Telemetry last(String deviceId) {
        List<Telemetry> l = of(deviceId);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }
}
