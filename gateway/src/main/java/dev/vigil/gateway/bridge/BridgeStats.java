package dev.vigil.gateway.bridge;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one bridge instance: messages received from the broker, stored and acknowledged,
 * refused (acknowledged and dropped) by reason, and left unacknowledged for redelivery.
 */
public final class BridgeStats {
    private final LongAdder received = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder unacknowledged = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder subscriptions = new LongAdder();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    void onReceived() { received.increment(); }

    void onAccepted() { accepted.increment(); }

    void onRefused(String reason) { refused.computeIfAbsent(reason, k -> new LongAdder()).increment(); }

    void onUnacknowledged() { unacknowledged.increment(); }

    void onReconnect() { reconnects.increment(); }

    void onSubscribed() { subscriptions.increment(); }

    /** Messages delivered by the broker (redeliveries included). */
    public long received() { return received.sum(); }

    /** Messages stored and acknowledged. */
    public long accepted() { return accepted.sum(); }

    /** Messages refused for this reason label (e.g. "unknown_device", "wrong_type"). */
    public long refused(String reason) {
        LongAdder a = refused.get(reason);
        return a == null ? 0 : a.sum();
    }

    /** Messages refused for any reason. */
    public long refusedTotal() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Messages left unacknowledged because storage failed (the broker redelivers them). */
    public long unacknowledged() { return unacknowledged.sum(); }

    /** Connections re-established after a loss or a deliberate reconnect. */
    public long reconnects() { return reconnects.sum(); }

    /** Subscriptions the broker granted; the bridge subscribes on every (re)connection. */
    public long subscriptions() { return subscriptions.sum(); }

    /** Every counter by name, for the metrics endpoint: "received", "refused|wrong_type" ... */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        m.put("received", received());
        m.put("accepted", accepted());
        m.put("unacknowledged", unacknowledged());
        m.put("reconnects", reconnects());
        m.put("subscriptions", subscriptions());
        refused.forEach((k, v) -> m.put("refused|" + k, v.sum()));
        return m;
    }
}
