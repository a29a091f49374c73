package dev.vigil.gateway.modbus;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;
import dev.vigil.profile.modbus.PlanOptions;

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
public record ModbusConfig(
        @Setting(def = "true") boolean enabled,
        @Setting(def = "10000") int intervalMs,
        @Setting(def = "1000") int timeoutMs,
        @Setting(def = "1") int retries,
        @Setting(def = "1000") long backoffInitialMs,
        @Setting(def = "60000") long backoffMaxMs,
        @Setting(def = "3") int offlineAfter,
        @Setting(def = "10") int maxGapRegisters,
        @Setting(def = "80") int maxGapBits) {

    public ModbusConfig {
        if (intervalMs < 10) throw new IllegalArgumentException("modbus.interval_ms must be >= 10, got " + intervalMs);
        if (timeoutMs < 1) throw new IllegalArgumentException("modbus.timeout_ms must be >= 1, got " + timeoutMs);
        if (retries < 0) throw new IllegalArgumentException("modbus.retries must be >= 0, got " + retries);
        if (backoffInitialMs < 1 || backoffMaxMs < backoffInitialMs) {
            throw new IllegalArgumentException("modbus.backoff_initial_ms must be >= 1 and <= backoff_max_ms, got "
                    + backoffInitialMs + " and " + backoffMaxMs);
        }
        if (offlineAfter < 1) throw new IllegalArgumentException("modbus.offline_after must be >= 1, got " + offlineAfter);
        if (maxGapRegisters < 0 || maxGapBits < 0) throw new IllegalArgumentException("modbus.max_gap_registers and max_gap_bits must be >= 0");
    }

    /** The declared defaults: enabled; 10 s interval, 1 s timeout, 1 retry, backoff 1 s doubling to 60 s, offline after 3, gaps 10/80. */
    public static ModbusConfig defaults() {
        return GatewayConfig.defaults().modbus();
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
}
