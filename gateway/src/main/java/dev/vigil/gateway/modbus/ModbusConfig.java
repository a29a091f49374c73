package dev.vigil.gateway.modbus;

import dev.vigil.profile.modbus.PlanOptions;

import java.util.Map;
import java.util.List;

/**
 * Settings of the Modbus poller ({@code modbus:} in the gateway config); the per-device timeout and
 * interval in a device's {@code connection.modbus} override the defaults here.
 *
 * @param enabled            start the poller at all
 * @param intervalMs         default poll interval of a device
 * @param timeoutMs          default response timeout of one request
 * @param retries            extra attempts of a request after an I/O error or timeout (reconnecting first)
 * @param backoffInitialMs   first wait before reconnecting to a refused/unreachable endpoint, and
 *                           before re-polling an offline device
 * @param backoffMaxMs       cap of the doubling backoff
 * @param offlineAfter       consecutive failed polls that mark a device offline
 * @param maxGapRegisters    largest unmapped gap (registers) read through when merging reads
 * @param maxGapBits         largest unmapped gap (bits) read through when merging coil/input reads
 */
public record ModbusConfig(boolean enabled, int intervalMs, int timeoutMs, int retries,
                           long backoffInitialMs, long backoffMaxMs, int offlineAfter,
                           int maxGapRegisters, int maxGapBits) {

    private static final List<String> KEYS = List.of("enabled", "interval_ms", "timeout_ms", "retries",
            "backoff_initial_ms", "backoff_max_ms", "offline_after", "max_gap_registers", "max_gap_bits");

    public ModbusConfig {
        if (intervalMs < 10) throw new IllegalArgumentException("modbus.interval_ms must be >= 10, got " + intervalMs);
        if (timeoutMs < 1) throw new IllegalArgumentException("modbus.timeout_ms must be >= 1, got " + timeoutMs);
        if (retries < 0) throw new IllegalArgumentException("modbus.retries must be >= 0, got " + retries);
        if (backoffInitialMs < 1 || backoffMaxMs < backoffInitialMs) {
            throw new IllegalArgumentException("modbus.backoff_initial_ms must be >= 1 and <= backoff_max_ms, got "
                    + backoffInitialMs + " and " + backoffMaxMs);
        }
        if (offlineAfter < 1) throw new IllegalArgumentException("modbus.offline_after must be >= 1, got " + offlineAfter);
        if (maxGapRegisters < 0 || maxGapBits < 0) throw new IllegalArgumentException("modbus.max_gap_* must be >= 0");
    }

    /** Enabled; 10 s interval, 1 s timeout, 1 retry, backoff 1 s doubling to 60 s, offline after 3, gaps 10/80. */
    public static ModbusConfig defaults() {
        return new ModbusConfig(true, 10_000, 1_000, 1, 1_000, 60_000, 3, 10, 80);
    }

    /**
     * Reads the {@code modbus:} section of the gateway config (snake_case keys as listed in
     * {@link ModbusConfig}); absent keys keep their defaults, unknown keys are refused.
     */
    public static ModbusConfig fromMap(Map<String, ?> m) {
        if (m == null) return defaults();
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) throw new IllegalArgumentException("modbus." + k + ": unknown key; accepted: " + KEYS);
        }
        ModbusConfig d = defaults();
        return new ModbusConfig(
                bool(m, "enabled", d.enabled()),
                (int) num(m, "interval_ms", d.intervalMs()),
                (int) num(m, "timeout_ms", d.timeoutMs()),
                (int) num(m, "retries", d.retries()),
                num(m, "backoff_initial_ms", d.backoffInitialMs()),
                num(m, "backoff_max_ms", d.backoffMaxMs()),
                (int) num(m, "offline_after", d.offlineAfter()),
                (int) num(m, "max_gap_registers", d.maxGapRegisters()),
                (int) num(m, "max_gap_bits", d.maxGapBits()));
    }

    /** The read-planning defaults derived from this config. */
    public PlanOptions planOptions() {
        return new PlanOptions(maxGapRegisters, maxGapBits);
    }

    /** Backoff after {@code failures} consecutive failures (1 → initial), doubling, capped. */
    public long backoffAfter(int failures) {
        long d = backoffInitialMs;
        for (int i = 1; i < failures && d < backoffMaxMs; i++) d *= 2;
        return Math.min(d, backoffMaxMs);
    }

    private static boolean bool(Map<String, ?> m, String k, boolean fallback) {
        Object v = m.get(k);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException("modbus." + k + ": expected true or false, got " + v);
    }

    private static long num(Map<String, ?> m, String k, long fallback) {
        Object v = m.get(k);
        if (v == null) return fallback;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new IllegalArgumentException("modbus." + k + ": expected a whole number, got " + v);
    }
}
