package dev.vigil.gateway.jt808;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connected, authenticated terminals by device id. When a terminal authenticates on a new
 * connection while its old one is still open (it reconnected after a network change, and the old
 * socket has not timed out yet), the old connection is closed quietly: a takeover, not an error.
 */
public final class TerminalSessions {
    private final ConcurrentMap<String, Jt808Connection> byDevice = new ConcurrentHashMap<>();
    private final Jt808Stats stats;

    TerminalSessions(Jt808Stats stats) {
        this.stats = stats;
    }

    /** Makes {@code c} the device's connection, closing the previous one. */
    void bind(String deviceId, Jt808Connection c) {
        Jt808Connection old = byDevice.put(deviceId, c);
        if (old != null && old != c) {
            stats.takeovers.increment();
            old.takenOver();
        }
    }

    /** Forgets {@code c} if it is still the device's connection. */
    void unbind(String deviceId, Jt808Connection c) {
        byDevice.remove(deviceId, c);
    }

    /** Terminals connected and authenticated now. */
    public int size() {
        return byDevice.size();
    }

    /** True when the device has an authenticated connection now. */
    public boolean connected(String deviceId) {
        return byDevice.containsKey(deviceId);
    }

    Iterable<Jt808Connection> connections() {
        return byDevice.values();
    }
}
