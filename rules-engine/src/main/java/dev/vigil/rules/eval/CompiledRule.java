package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.LevelSpec;
import dev.vigil.rules.model.Rule;

import java.util.List;
import java.util.Map;

/**
 * A rule ready to evaluate against one profile: field positions resolved, expressions compiled,
 * levels as primitive arrays. Subclasses turn a reading into a bit mask of the levels whose
 * condition holds; the engine applies durations, counts and clearing.
 */
public abstract class CompiledRule {
    /** Returned by {@link #observe} when the reading says nothing about this rule (field absent). */
    public static final int UNKNOWN = -1;

    final Rule rule;
    final DeviceProfile profile;
    /** Level ordinal of level spec i, lowest first. */
    final int[] levelOrd;
    final long[] forMs;
    final int[] counts;
    final CelExpr quiet;
    final CelExpr clearWhen;
    /**
     * Threshold and expression rules with {@code where}: a reading for which it is not true is no
     * observation (an open alert neither rises nor clears on it). Set by the compiler, else null.
     */
    CelExpr where;
    /** Parameters the expressions may read (set by the compiler). */
    Params params = new Params(Map.of(), Map.of());

    CompiledRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen) {
        this.rule = rule;
        this.profile = profile;
        List<LevelSpec> levels = rule.levels();
        int n = levels.size();
        levelOrd = new int[n];
        forMs = new long[n];
        counts = new int[n];
        for (int i = 0; i < n; i++) {
            levelOrd[i] = levels.get(i).level().ordinal();
            forMs[i] = levels.get(i).forMillis();
            counts[i] = Math.max(1, levels.get(i).count());
        }
        this.quiet = quiet;
        this.clearWhen = clearWhen;
    }

    public Rule rule() { return rule; }

    public DeviceProfile profile() { return profile; }

    /** A fresh state for one device. */
    public RuleState newState(DeviceCtx device) {
        return new RuleState(this, device);
    }

    /**
     * Evaluates a reading (already merged into the device snapshot).
     *
     * @param values the reading's own values, aligned with the profile's fields
     * @return bit mask of level specs whose condition holds, or {@link #UNKNOWN}
     */
    abstract int observe(RuleState s, EvalContext ctx, Object[] values, long time);

    /** True for rules evaluated on every clock tick (offline, tumbling windows). */
    boolean tickDriven() { return false; }

    /** Time between observations that is normal for the rule (a tumbling window's size), added to the max gap. */
    long observationInterval() { return 0; }

    /** Tick evaluation of tick-driven rules: a mask, or {@link #UNKNOWN} for no observation. */
    int tick(RuleState s, EvalContext ctx, long now) { return UNKNOWN; }

    /** Adds the kind's evidence (values, window, zones ...) for an event. */
    abstract void evidence(RuleState s, EvalContext ctx, Map<String, Object> out);

    /** Short description of what was seen, for messages, e.g. "top_oil_temperature=96". */
    abstract String detail(RuleState s, EvalContext ctx);

    /** Mask with every level bit set. */
    final int all() {
        return (1 << levelOrd.length) - 1;
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) return "?";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.valueOf(Math.round(d * 1000) / 1000.0);
    }
}
