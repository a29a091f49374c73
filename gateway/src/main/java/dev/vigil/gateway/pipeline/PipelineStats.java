package dev.vigil.gateway.pipeline;

import dev.vigil.profile.Rejection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the pipeline saw: messages and readings received and accepted per protocol,
 * refusals per protocol and reason. Thread-safe and cheap; the metrics endpoint reads them.
 */
public final class PipelineStats {
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    void onReceived(String protocol) {
        adder(received, protocol).increment();
    }

    void onAccepted(String protocol, int readings) {
        adder(accepted, protocol).add(readings);
    }

    /** The counter of a key: a plain lookup on the hot path, creating it only the first time. */
    private static LongAdder adder(Map<String, LongAdder> map, String key) {
        LongAdder a = map.get(key);
        return a != null ? a : map.computeIfAbsent(key, k -> new LongAdder());
    }

    void onRefused(String protocol, Rejection.Reason reason) {
        refused.computeIfAbsent(protocol + "|" + reason.label(), k -> new LongAdder()).increment();
    }

    /** Messages received by protocol. */
    public long received(String protocol) {
        LongAdder a = received.get(protocol);
        return a == null ? 0 : a.sum();
    }

    /** Readings stored by protocol. */
    public long accepted(String protocol) {
        LongAdder a = accepted.get(protocol);
        return a == null ? 0 : a.sum();
    }

    /** Messages refused for a protocol and reason. */
    public long refused(String protocol, Rejection.Reason reason) {
        LongAdder a = refused.get(protocol + "|" + reason.label());
        return a == null ? 0 : a.sum();
    }

    /** Protocols that delivered at least one message so far. */
    public java.util.Set<String> protocols() {
        java.util.Set<String> s = new java.util.TreeSet<>(received.keySet());
        s.addAll(accepted.keySet());
        return s;
    }

    /** The (protocol, reason) pairs refused at least once so far. */
    public java.util.List<Map.Entry<String, Rejection.Reason>> refusals() {
        java.util.List<Map.Entry<String, Rejection.Reason>> out = new java.util.ArrayList<>();
        for (String key : refused.keySet()) {
            int bar = key.indexOf('|');
            String label = key.substring(bar + 1);
            for (Rejection.Reason r : Rejection.Reason.values()) {
                if (r.label().equals(label)) out.add(Map.entry(key.substring(0, bar), r));
            }
        }
        return out;
    }

    /** Snapshot of every counter, keyed "received|mqtt", "accepted|mqtt", "refused|mqtt|malformed". */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new java.util.TreeMap<>();
        received.forEach((k, v) -> m.put("received|" + k, v.sum()));
        accepted.forEach((k, v) -> m.put("accepted|" + k, v.sum()));
        refused.forEach((k, v) -> m.put("refused|" + k, v.sum()));
        return m;
    }
}
