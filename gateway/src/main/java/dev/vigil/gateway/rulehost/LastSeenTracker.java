package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.alerts.InfluxAlertStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Persists device last-seen times for offline rules across restarts: each flush stores only the
 * keys whose time changed since the previous flush. Confined to the rules verticle's context.
 */
final class LastSeenTracker {
    private final InfluxAlertStore store;
    private final Map<String, Long> stored = new HashMap<>();

    LastSeenTracker(InfluxAlertStore store) {
        this.store = store;
    }

    /** Times read back at start-up count as stored. */
    void restored(Map<String, Long> times) {
        stored.putAll(times);
    }

    void flush(Map<String, Long> current) {
        Map<String, Long> changed = new HashMap<>();
        for (Map.Entry<String, Long> e : current.entrySet()) {
            Long prev = stored.get(e.getKey());
            if (prev == null || prev.longValue() != e.getValue()) changed.put(e.getKey(), e.getValue());
        }
        if (changed.isEmpty()) return;
        stored.putAll(changed);
        store.writeLastSeen(changed);
    }
}
