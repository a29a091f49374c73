package dev.vigil.gateway.rulehost;

import dev.vigil.rules.AlertBook;
import dev.vigil.rules.AlertEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of the alerts the engine still knows (open and recently closed), for
 * {@code GET /api/alerts/{id}}; entries of alerts the alert book has forgotten are dropped.
 * Confined to the rules verticle's context.
 */
final class EventLog {
    private final Map<String, List<AlertEvent>> byAlert = new HashMap<>();
    private int limit = 1024;

    void add(AlertEvent e) {
        byAlert.computeIfAbsent(e.alertId(), k -> new ArrayList<>(4)).add(e);
    }

    List<AlertEvent> events(String alertId) {
        List<AlertEvent> l = byAlert.get(alertId);
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Forgets alerts that are neither open nor recent any more (checked when the log has grown). */
    void prune(AlertBook book) {
        if (byAlert.size() <= limit) return;
        byAlert.keySet().removeIf(id -> book.get(id) == null);
        limit = Math.max(1024, byAlert.size() * 2);
    }
}
