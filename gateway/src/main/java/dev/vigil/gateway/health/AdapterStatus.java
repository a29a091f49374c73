package dev.vigil.gateway.health;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where protocol adapters report their state for {@code /ready}: the MQTT endpoint listening, the
 * bridge connected to its broker, the CoAP server started, the Modbus poller running. Thread-safe;
 * an adapter calls {@link #up}/{@link #down} whenever its state changes.
 */
public final class AdapterStatus {

    /** The state of one adapter. */
    public enum State { STARTING, UP, DOWN }

    /**
     * What an adapter last reported.
     *
     * @param state       its state
     * @param detail      a short human text, e.g. "listening on 0.0.0.0:1883" or the last error
     * @param sinceMillis when it entered this state (epoch ms)
     */
    public record Report(State state, String detail, long sinceMillis) {}

    private final ConcurrentMap<String, Report> adapters = new ConcurrentHashMap<>();

    /** The adapter is starting (not ready yet). */
    public void starting(String adapter, String detail) {
        set(adapter, State.STARTING, detail);
    }

    /** The adapter works. */
    public void up(String adapter, String detail) {
        set(adapter, State.UP, detail);
    }

    /** The adapter does not work right now; {@code detail} says why. */
    public void down(String adapter, String detail) {
        set(adapter, State.DOWN, detail);
    }

    /** Forgets an adapter that was stopped on purpose (it no longer counts for readiness). */
    public void remove(String adapter) {
        adapters.remove(adapter);
    }

    private void set(String adapter, State state, String detail) {
        adapters.compute(adapter, (k, old) -> old != null && old.state() == state && old.detail().equals(detail)
                ? old : new Report(state, detail == null ? "" : detail, System.currentTimeMillis()));
    }

    /** The last report of one adapter, or null if it never reported. */
    public Report get(String adapter) {
        return adapters.get(adapter);
    }

    /** Every adapter's last report, sorted by name. */
    public Map<String, Report> snapshot() {
        return Collections.unmodifiableMap(new TreeMap<>(adapters));
    }

    /** True when every adapter that reported is up. */
    public boolean allUp() {
        return adapters.values().stream().allMatch(r -> r.state() == State.UP);
    }
}
