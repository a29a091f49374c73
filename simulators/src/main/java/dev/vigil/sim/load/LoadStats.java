package dev.vigil.sim.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a load run counts, shared by every connection: publishes sent, acknowledged, refused (by
 * PUBACK reason code), connections up and failed, and publish→PUBACK latency in a HdrHistogram
 * recorder (microseconds, up to 60 s).
 */
final class LoadStats {
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder connected = new LongAdder();
    final LongAdder connectFailed = new LongAdder();
    final LongAdder behind = new LongAdder();
    final Map<Integer, LongAdder> refusedByCode = new ConcurrentHashMap<>();
    final Map<String, LongAdder> connectErrors = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);

    void ack(long sentNanos, int reasonCode) {
        long micros = Math.max(0, (System.nanoTime() - sentNanos) / 1_000);
        recorder.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
        if (reasonCode < 0x80) {
            // 0x00 success, 0x10 "no matching subscribers" (a broker without subscribers): accepted
            acked.increment();
        } else {
            refused.increment();
            refusedByCode.computeIfAbsent(reasonCode, k -> new LongAdder()).increment();
        }
    }

    void connectError(String error) {
        connectFailed.increment();
        connectErrors.computeIfAbsent(error, k -> new LongAdder()).increment();
    }

    /** The latencies recorded since the last call; also added to the run's total. */
    synchronized Histogram interval() {
        Histogram h = recorder.getIntervalHistogram();
        total.add(h);
        return h;
    }

    synchronized Histogram total() {
        return total.copy();
    }

    Map<String, Long> refusals() {
        Map<String, Long> m = new TreeMap<>();
        refusedByCode.forEach((k, v) -> m.put(String.format("0x%02X", k), v.sum()));
        return m;
    }

    Map<String, Long> connectErrorCounts() {
        Map<String, Long> m = new TreeMap<>();
        connectErrors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
