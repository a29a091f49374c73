package dev.vigil.rules.eval;

import java.util.Arrays;

/**
 * The state of one rule for one device at one moment (part of an exported device state). Arrays
 * are copies; {@code aux} is a copy of the kind-specific data: a sliding window's readings, a
 * tumbling window's open period, an offline rule's last-reading flag (Boolean), a clock-drift
 * rule's device time (Long), or null.
 *
 * @param ruleId      rule id
 * @param fingerprint {@link CompiledRule#fingerprint()} of the rule the state belongs to
 * @param level       open alert level ordinal, or -1
 * @param alertId     open alert id, or null
 * @param lastTime    time of the last observation, or {@link DeviceCtx#NONE}
 * @param lastMask    levels whose condition held at the last observation
 * @param clearOk     whether the clear condition held at the last observation
 * @param quiet       whether the last observation was suppressed
 * @param hold        per level spec: since when the condition held, then for how many readings
 * @param falseSince  per level spec: since when a tolerated lapse runs (rules with tolerate), or null
 * @param lowerSince  start of the running clear delay, or NONE
 * @param value       last evaluated number or flat-line reference (NaN: none)
 * @param obsTime     observation time set by a closing window, or NONE
 * @param aux         kind-specific data (see above)
 * @param timedOrder  order in the exporting engine's set of states waiting for time (0: not waiting)
 */
public record RuleSnapshot(String ruleId, String fingerprint, int level, String alertId, long lastTime, int lastMask,
                           boolean clearOk, boolean quiet, long[] hold, long[] falseSince, long lowerSince, double value,
                           long obsTime, Object aux, long timedOrder) {

    public RuleSnapshot {
        hold = hold.clone();
        falseSince = falseSince == null ? null : falseSince.clone();
        aux = copyAux(aux);
    }

    @Override
    public long[] hold() { return hold.clone(); }

    @Override
    public long[] falseSince() { return falseSince == null ? null : falseSince.clone(); }

    @Override
    public Object aux() { return copyAux(aux); }

    static RuleSnapshot of(RuleState s) {
        return new RuleSnapshot(s.rule.rule.id(), s.rule.fingerprint(), s.level, s.alertId, s.lastTime, s.lastMask,
                s.clearOk, s.quiet, s.hold, s.falseSince, s.lowerSince, s.value, s.obsTime, s.aux, s.timed ? s.timedSeq : 0);
    }

    /** Copies this snapshot into a fresh state of the same rule; false when the arrays do not fit the rule. */
    boolean restoreInto(RuleState s) {
        if (hold.length != s.hold.length || (falseSince == null) != (s.falseSince == null)
                || falseSince != null && falseSince.length != s.falseSince.length) return false;
        if (aux != null && !auxFits(s)) return false;
        s.level = level;
        s.alertId = alertId;
        s.lastTime = lastTime;
        s.lastMask = lastMask;
        s.clearOk = clearOk;
        s.quiet = quiet;
        System.arraycopy(hold, 0, s.hold, 0, hold.length);
        if (falseSince != null) System.arraycopy(falseSince, 0, s.falseSince, 0, falseSince.length);
        s.lowerSince = lowerSince;
        s.value = value;
        s.obsTime = obsTime;
        s.aux = copyAux(aux);
        return true;
    }

    /** Whether the kind-specific data is of the kind the fresh state expects. */
    private boolean auxFits(RuleState s) {
        if (aux instanceof WindowBuffer) return s.aux instanceof WindowBuffer;
        if (aux instanceof Bucket) return s.rule instanceof WindowRule && !(s.aux instanceof WindowBuffer);
        if (aux instanceof Boolean) return s.rule instanceof OfflineRule;
        if (aux instanceof Long) return s.rule instanceof ClockDriftRule;
        return false;
    }

    private static Object copyAux(Object aux) {
        if (aux instanceof WindowBuffer b) return b.copy();
        if (aux instanceof Bucket b) return b.copy();
        if (aux == null || aux instanceof Boolean || aux instanceof Long) return aux;
        throw new IllegalStateException("rule state holds data of an unexpected type: " + aux.getClass().getName());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleSnapshot r && ruleId.equals(r.ruleId) && fingerprint.equals(r.fingerprint)
                && level == r.level && java.util.Objects.equals(alertId, r.alertId) && lastTime == r.lastTime
                && lastMask == r.lastMask && clearOk == r.clearOk && quiet == r.quiet && Arrays.equals(hold, r.hold)
                && Arrays.equals(falseSince, r.falseSince) && lowerSince == r.lowerSince
                && Double.compare(value, r.value) == 0 && obsTime == r.obsTime && timedOrder == r.timedOrder;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(ruleId, fingerprint, level, alertId, lastTime, Arrays.hashCode(hold));
    }
}
