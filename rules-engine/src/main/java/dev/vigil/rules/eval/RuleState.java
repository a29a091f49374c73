package dev.vigil.rules.eval;

import java.util.Arrays;

import static dev.vigil.rules.eval.DeviceCtx.NONE;

/**
 * The evaluation state of one rule for one device: the open alert's level, when each level's
 * condition started to hold and for how many readings, the clear timer, and kind-specific data
 * (window buffer, flat-line reference). Primitive fields only on the threshold path.
 */
public final class RuleState {
    final CompiledRule rule;
    final DeviceCtx device;
    /** Open alert level ordinal, or -1 when no alert is open. */
    int level = -1;
    String alertId;
    /** Time of the last observation (reading or tick-driven evaluation). */
    long lastTime = NONE;
    /** Levels whose condition held at the last observation (bit i = level spec i). */
    int lastMask;
    /** Whether the clear condition held at the last observation. */
    boolean clearOk = true;
    /** Whether the last observation was suppressed by quiet_when or the schedule. */
    boolean quiet;
    /**
     * Per level spec i: {@code hold[i]} = when its condition started to hold (or NONE),
     * {@code hold[n + i]} = consecutive readings it has held for. One array keeps the state compact.
     */
    final long[] hold;
    long[] falseSince;
    long lowerSince = NONE;
    /** Member of the engine's set of states waiting for a duration to elapse. */
    boolean timed;
    /** When the state last joined the timed set (its order there), for export. */
    long timedSeq;
    /** Untracked but still in the engine's list of tick-driven states until the next tick compacts it. */
    boolean dropped;
    /** Last evaluated number (field value, aggregate, change) or the flat-line reference. */
    double value = Double.NaN;
    /** Observation time set by a window closing (its end), else NONE. */
    long obsTime = NONE;
    /** Kind-specific state (window buffer, offline last-reading flag). */
    Object aux;

    RuleState(CompiledRule rule, DeviceCtx device) {
        this.rule = rule;
        this.device = device;
        int n = rule.levelOrd.length;
        this.hold = new long[2 * n];
        Arrays.fill(hold, 0, n, NONE);
        if (rule.rule.tolerateMillis() > 0) {
            falseSince = new long[n];
            Arrays.fill(falseSince, NONE);
        }
    }

    public CompiledRule rule() { return rule; }

    public DeviceCtx device() { return device; }

    /** Level ordinal of the open alert, or -1. */
    public int level() { return level; }

    /** Id of the open alert, or null. */
    public String alertId() { return alertId; }

    /** Marks an alert as open at a level (used by restore and hot reload). */
    public void open(String alertId, int levelOrdinal) {
        this.alertId = alertId;
        this.level = levelOrdinal;
    }
}
