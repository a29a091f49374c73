package dev.vigil.gateway.cluster;

import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertBook;
import dev.vigil.rules.AlertEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every gateway's view of all alerts in cluster mode, built from the alerts topic (whichever
 * gateway's engine emitted them): the open and recently closed alerts with their events, for the
 * API and the console, and each device's recent events, which a gateway taking a device over
 * applies to the state it imports. Thread-safe (the alert log thread writes, the API reads).
 */
public final class ClusterAlerts {
    /** Events kept per device for a take-over. */
    private static final int PER_DEVICE = 64;

    private final AlertBook book;
    private final Map<String, List<AlertEvent>> byAlert = new HashMap<>();
    private final Map<String, Deque<AlertEvent>> byDevice = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Deque<String> seenOrder = new ArrayDeque<>();
    private final int seenLimit;

    public ClusterAlerts(int recentClosed) {
        this.book = new AlertBook(recentClosed);
        this.seenLimit = Math.max(10_000, recentClosed * 20);
    }

    /**
     * Applies an event; false (nothing changed) when the same event was applied already: a gateway
     * that took a device over and replayed its readings after the last checkpoint may emit again
     * what the previous owner emitted.
     */
    public synchronized boolean apply(AlertEvent e) {
        String key = AlertCodec.key(e);
        if (!seen.add(key)) return false;
        seenOrder.addLast(key);
        if (seenOrder.size() > seenLimit) seen.remove(seenOrder.removeFirst());
        book.apply(e);
        byAlert.computeIfAbsent(e.alertId(), k -> new ArrayList<>(4)).add(e);
        Deque<AlertEvent> d = byDevice.computeIfAbsent(e.deviceId(), k -> new ArrayDeque<>());
        d.addLast(e);
        if (d.size() > PER_DEVICE) d.removeFirst();
        if (byAlert.size() > 4 * seenLimit / 20) byAlert.keySet().removeIf(id -> book.get(id) == null);
        return true;
    }

    /** Open and recently closed alerts. */
    public synchronized List<Alert> alerts() {
        List<Alert> all = new ArrayList<>(book.open());
        all.addAll(book.recent());
        return all;
    }

    public synchronized Alert get(String alertId) {
        return book.get(alertId);
    }

    public synchronized List<AlertEvent> events(String alertId) {
        List<AlertEvent> l = byAlert.get(alertId);
        return l == null ? List.of() : List.copyOf(l);
    }

    public synchronized int openCount() {
        return book.openCount();
    }

    public synchronized List<Alert> open() {
        return book.open();
    }

    /** Open alerts of the whole cluster by level (the {@code vigil_alerts_open} gauge of every gateway). */
    public synchronized java.util.Map<dev.vigil.rules.Level, Integer> openByLevel() {
        java.util.Map<dev.vigil.rules.Level, Integer> m = new java.util.EnumMap<>(dev.vigil.rules.Level.class);
        for (Alert a : book.open()) m.merge(a.level(), 1, Integer::sum);
        return m;
    }

    /** The recent events of these devices, oldest first (for a take-over). */
    public synchronized Map<String, List<AlertEvent>> recentEvents(Set<String> deviceIds) {
        Map<String, List<AlertEvent>> out = new HashMap<>();
        for (String id : deviceIds) {
            Deque<AlertEvent> d = byDevice.get(id);
            if (d != null && !d.isEmpty()) out.put(id, List.copyOf(d));
        }
        return out;
    }
}
