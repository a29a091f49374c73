package dev.vigil.sim.modbus;

import java.util.Locale;

/** Fault injected into a simulated Modbus device. */
public enum Scenario {
    /** Plausible values with noise, status running. */
    NORMAL,
    /** The key value climbs slowly past the pre-warning level and then past the limit (SO₂ for CEMS, top-oil temperature for transformers). */
    EXCEEDANCE,
    /** The key value flat-lines: the exact same reading on every poll. */
    STUCK,
    /** Analyser status "calibration" (HJ 212 flag C). */
    CALIBRATION,
    /** Analyser status "maintenance" (HJ 212 flag M). */
    MAINTENANCE,
    /** Analyser status "fault" (HJ 212 flag D). */
    FAULT,
    /** Partial discharge TEV climbing past 20 then 35 dBmV (transformers). */
    PARTIAL_DISCHARGE,
    /** The unit stops answering requests after the comm-loss delay (the connection stays open). */
    SILENT,
    /** The whole port closes after the comm-loss delay (a gateway box losing power). */
    CLOSE;

    /** Parses "exceedance", "partial-discharge" ... */
    public static Scenario parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
