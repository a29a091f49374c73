package dev.vigil.rules.model;

import java.util.Locale;

/** The kinds of rule a file can declare, by their {@code kind:} name. */
public enum RuleKind {
    /** A field compared with one threshold per level. */
    THRESHOLD,
    /** CEL boolean expressions over several fields and device parameters, one per level. */
    EXPRESSION,
    /** An aggregate (mean, min, max, count, delta) over a sliding or tumbling window. */
    WINDOW,
    /** Change of a field over a sliding window (newest minus oldest reading). */
    RATE,
    /** No data from the device (or for one field) for a while; fires on clock ticks. */
    OFFLINE,
    /** Position inside or outside selected zones, with dwell time. */
    GEOFENCE,
    /** A field that does not change (flat line) for a while. */
    FLATLINE,
    /**
     * The device's clock far from the gateway's: a live reading's time more than {@code tolerance}
     * from its arrival time. Backfilled, batched and period readings are not observations.
     */
    CLOCK_DRIFT;

    /** The lower-case name used in rule files. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this name, or null. */
    public static RuleKind parse(String s) {
        for (RuleKind k : values()) if (k.yamlName().equals(s)) return k;
        return null;
    }
}
