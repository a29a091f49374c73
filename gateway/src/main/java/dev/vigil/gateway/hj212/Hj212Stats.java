package dev.vigil.gateway.hj212;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the HJ 212 endpoint that the pipeline does not see: frames decoded, frames dropped
 * by reason (bad length, bad check code, oversized, garbage, malformed segment), split messages
 * (packets, messages put together, sets dropped incomplete), refused log-ins (unknown MN, wrong PW)
 * and state messages. Thread-safe; the metrics endpoint reads them.
 */
public final class Hj212Stats {
    private final LongAdder frames = new LongAdder();
    private final LongAdder stateMessages = new LongAdder();
    private final LongAdder splitPackets = new LongAdder();
    private final LongAdder splitMessages = new LongAdder();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> authFailures = new ConcurrentHashMap<>();

    void onFrame() {
        frames.increment();
    }

    void onStateMessage() {
        stateMessages.increment();
    }

    void onSplitPacket() {
        splitPackets.increment();
    }

    void onSplitMessage() {
        splitMessages.increment();
    }

    /** Packets of split messages (Flag bit 1) received. */
    public long splitPackets() {
        return splitPackets.sum();
    }

    /** Split messages put back together whole. */
    public long splitMessages() {
        return splitMessages.sum();
    }

    void onDrop(String reason) {
        drops.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void onAuthFailure(String reason) {
        authFailures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Frames whose length and check code were right. */
    public long frames() {
        return frames.sum();
    }

    /** Equipment-state (2021) and logger-start (2081) messages received. */
    public long stateMessages() {
        return stateMessages.sum();
    }

    /**
     * Frames dropped for a reason: bad_length, bad_crc, oversized, garbage, malformed; split
     * messages dropped incomplete: split_incomplete (timed out or connection closed), split_evicted
     * (too many pending on the connection).
     */
    public long drops(String reason) {
        LongAdder a = drops.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Frames refused for a reason: unknown_mn, wrong_pw. */
    public long authFailures(String reason) {
        LongAdder a = authFailures.get(reason);
        return a == null ? 0 : a.sum();
    }
}
