package dev.vigil.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Open alerts (at most one per device and rule) and the most recently closed ones, kept up to
 * date by applying {@link AlertEvent}s in order. Owned by one {@link RuleEngine}: not thread-safe;
 * hand copies ({@link #open()}, {@link #recent()}) to other threads.
 */
public final class AlertBook {
    private final Map<String, Alert> open = new LinkedHashMap<>();
    private final Map<String, String> openByDeviceRule = new HashMap<>();
    private final Deque<Alert> recent = new ArrayDeque<>();
    private final int capacity;

    public AlertBook(int recentCapacity) {
        this.capacity = recentCapacity;
    }

    /** Open alerts, oldest first. */
    public List<Alert> open() { return List.copyOf(open.values()); }

    /** Recently closed alerts, newest first. */
    public List<Alert> recent() { return List.copyOf(recent); }

    /** An open or recently closed alert by id, or null. */
    public Alert get(String alertId) {
        Alert a = open.get(alertId);
        if (a != null) return a;
        for (Alert r : recent) if (r.alertId().equals(alertId)) return r;
        return null;
    }

    /** The open alert of a device and rule, or null. */
    public Alert openFor(String deviceId, String ruleId) {
        String id = openByDeviceRule.get(deviceId + "\u0000" + ruleId);
        return id == null ? null : open.get(id);
    }

    /**
     * Applies one event. A level change (or an acknowledgement of an open alert) of an alert the
     * book does not know opens it, so restoring only the latest event per alert is enough.
     */
    public void apply(AlertEvent e) {
        switch (e.kind()) {
            case RAISED -> {
                String key = e.deviceId() + "\u0000" + e.ruleId();
                String prev = openByDeviceRule.remove(key);
                if (prev != null) close(open.remove(prev), e.time());
                open.put(e.alertId(), new Alert(e.alertId(), e.deviceId(), e.profile(), e.enterprise(), e.region(),
                        e.ruleId(), e.ruleVersion(), e.level(), e.time(), e.time(), -1, e.message(), e.evidence(),
                        null, -1, null));
                openByDeviceRule.put(key, e.alertId());
            }
            case ESCALATED, DEESCALATED -> {
                Alert a = open.get(e.alertId());
                if (a == null) {
                    openFromLaterEvent(e);
                } else {
                    open.put(a.alertId(), new Alert(a.alertId(), a.deviceId(), a.profile(), a.enterprise(), a.region(),
                            a.ruleId(), e.ruleVersion(), e.level(), a.raisedAt(), e.time(), -1, e.message(), e.evidence(),
                            a.ackBy(), a.ackAt(), a.ackComment()));
                }
            }
            case CLEARED -> {
                Alert a = open.remove(e.alertId());
                if (a != null) {
                    openByDeviceRule.remove(a.deviceId() + "\u0000" + a.ruleId());
                    close(new Alert(a.alertId(), a.deviceId(), a.profile(), a.enterprise(), a.region(), a.ruleId(),
                            e.ruleVersion(), a.level(), a.raisedAt(), e.time(), e.time(), e.message(), e.evidence(),
                            a.ackBy(), a.ackAt(), a.ackComment()), e.time());
                }
            }
            case ACKNOWLEDGED -> {
                Alert a = open.get(e.alertId());
                if (a == null && get(e.alertId()) == null && Boolean.TRUE.equals(e.evidence().get("open"))) {
                    openFromLaterEvent(e);
                    a = open.get(e.alertId());
                }
                if (a != null) {
                    open.put(a.alertId(), acked(a, e));
                } else {
                    List<Alert> items = new ArrayList<>(recent);
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i).alertId().equals(e.alertId())) items.set(i, acked(items.get(i), e));
                    }
                    recent.clear();
                    recent.addAll(items);
                }
            }
        }
    }

    /**
     * Opens an alert known only from a later event (a restore that loaded the latest event per
     * alert, not its RAISED); the raise time is then unknown and set to that event's time.
     */
    private void openFromLaterEvent(AlertEvent e) {
        String key = e.deviceId() + "\u0000" + e.ruleId();
        String prev = openByDeviceRule.remove(key);
        if (prev != null) close(open.remove(prev), e.time());
        open.put(e.alertId(), new Alert(e.alertId(), e.deviceId(), e.profile(), e.enterprise(), e.region(), e.ruleId(),
                e.ruleVersion(), e.level(), e.time(), e.time(), -1, e.message(), e.evidence(), null, -1, null));
        openByDeviceRule.put(key, e.alertId());
    }

    private static Alert acked(Alert a, AlertEvent e) {
        return new Alert(a.alertId(), a.deviceId(), a.profile(), a.enterprise(), a.region(), a.ruleId(), a.ruleVersion(),
                a.level(), a.raisedAt(), a.updatedAt(), a.clearedAt(), a.message(), a.evidence(), e.actor(), e.time(), e.comment());
    }

    private void close(Alert a, long time) {
        if (a == null || capacity == 0) return;
        recent.addFirst(a.clearedAt() >= 0 ? a : new Alert(a.alertId(), a.deviceId(), a.profile(), a.enterprise(),
                a.region(), a.ruleId(), a.ruleVersion(), a.level(), a.raisedAt(), time, time, a.message(), a.evidence(),
                a.ackBy(), a.ackAt(), a.ackComment()));
        while (recent.size() > capacity) recent.removeLast();
    }

    /** The open alerts of a device, oldest first. */
    public List<Alert> openOf(String deviceId) {
        List<Alert> out = new ArrayList<>();
        for (Alert a : open.values()) if (a.deviceId().equals(deviceId)) out.add(a);
        return out;
    }

    /**
     * Whether the book already reflects an event (applied alert events skip those): it knows a
     * RAISED alert; it has an E/D-escalation at that time and level or a later change, or the alert
     * is closed; it has the alert closed for a CLEARED; it has that acknowledgement.
     */
    public boolean holds(AlertEvent e) {
        Alert a = get(e.alertId());
        if (a == null) return false;
        return switch (e.kind()) {
            case RAISED -> true;
            case ESCALATED, DEESCALATED -> !a.open() || a.updatedAt() > e.time() || a.updatedAt() == e.time() && a.level() == e.level();
            case CLEARED -> !a.open();
            case ACKNOWLEDGED -> a.ackAt() == e.time() && java.util.Objects.equals(a.ackBy(), e.actor());
        };
    }

    /** Puts an open alert as it is (imported device state), replacing any open alert of its device and rule. */
    void putOpen(Alert a) {
        String key = a.deviceId() + "\u0000" + a.ruleId();
        String prev = openByDeviceRule.remove(key);
        if (prev != null) open.remove(prev);
        open.remove(a.alertId());
        open.put(a.alertId(), a);
        openByDeviceRule.put(key, a.alertId());
    }

    /** Drops a device's open alerts, and its recently closed ones too when {@code recentToo}. */
    void forget(String deviceId, boolean recentToo) {
        open.values().removeIf(a -> {
            if (!a.deviceId().equals(deviceId)) return false;
            openByDeviceRule.remove(a.deviceId() + "\u0000" + a.ruleId());
            return true;
        });
        if (recentToo) recent.removeIf(a -> a.deviceId().equals(deviceId));
    }

    /** Number of open alerts. */
    public int openCount() { return open.size(); }
}
