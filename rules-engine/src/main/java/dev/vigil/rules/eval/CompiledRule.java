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

    /** Cached {@link #fingerprint()}: racy but benign (a String, computed the same by every thread). */
    private String fingerprint;

    /**
     * A digest of what the rule's state depends on: its definition, scope and period, and the
     * profile's name and fields. Equal fingerprints in two engines mean an exported state fits.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            StringBuilder sb = new StringBuilder();
            canonical(rule.definition(), sb);
            sb.append('|').append(rule.scope()).append('|').append(rule.period()).append('|').append(rule.id())
                    .append('|').append(profile.name());
            for (dev.vigil.profile.FieldSpec fs : profile.fields()) sb.append(',').append(fs.name()).append(':').append(fs.type());
            try {
                byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                f = java.util.HexFormat.of().formatHex(h, 0, 12);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            fingerprint = f;
        }
        return f;
    }

    /** Plain values as text with map keys sorted, so equal definitions give equal text. */
    private static void canonical(Object v, StringBuilder sb) {
        if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
            sb.append('{');
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                sb.append(e.getKey().length()).append(':').append(e.getKey()).append('=');
                canonical(e.getValue(), sb);
                sb.append(';');
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (Object o : l) {
                canonical(o, sb);
                sb.append(';');
            }
            sb.append(']');
        } else if (v == null) {
            sb.append("null");
        } else {
            String s = String.valueOf(v);
            sb.append(v.getClass().getSimpleName()).append(s.length()).append(':').append(s);
        }
    }

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
