package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.Comparison;
import dev.vigil.rules.model.Rule;
import dev.vigil.rules.model.RuleKind;
import dev.vigil.rules.model.WindowSpec;

import java.time.Instant;
import java.util.Map;

import static dev.vigil.rules.eval.DeviceCtx.NONE;

/**
 * An aggregate over a window, compared with one threshold per level. Sliding windows cover
 * [t − size, t] and are re-evaluated on every accepted reading; tumbling windows are aligned to
 * the clock in the engine's time zone ([start, start + size)) and evaluated once, when they close
 * (a reading of the next period, or a tick at the end). Rate rules are sliding windows of the
 * change newest − oldest. A {@code where} filter keeps readings out of the window (a tumbling
 * window's evidence says how many: e.g. CEMS readings not flagged N in the hour).
 */
final class WindowRule extends CompiledRule {
    private final int index;
    private final CelExpr value;
    private final CelExpr where;
    private final WindowSpec spec;
    private final Comparison[] cmp;
    private final Comparison[] relaxed;

    WindowRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen, CelExpr value, CelExpr where) {
        super(rule, profile, quiet, clearWhen);
        this.index = rule.field() == null ? -1 : profile.index(rule.field());
        this.value = value;
        this.where = where;
        this.spec = rule.window();
        int n = rule.levels().size();
        cmp = new Comparison[n];
        relaxed = new Comparison[n];
        for (int i = 0; i < n; i++) {
            cmp[i] = rule.levels().get(i).comparison();
            relaxed[i] = cmp[i].relaxed(rule.hysteresis());
        }
    }

    @Override
    public RuleState newState(DeviceCtx device) {
        RuleState s = super.newState(device);
        s.aux = spec.type() == WindowSpec.Type.SLIDING ? new WindowBuffer() : null;
        return s;
    }

    @Override
    boolean tickDriven() {
        return spec.type() == WindowSpec.Type.TUMBLING;
    }

    @Override
    long observationInterval() {
        return spec.type() == WindowSpec.Type.TUMBLING ? spec.sizeMillis() : 0;
    }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        double v;
        if (index >= 0) {
            if (!(values[index] instanceof Number n)) return UNKNOWN;
            v = n.doubleValue();
        } else {
            v = value.number(ctx);
            if (Double.isNaN(v) || Double.isInfinite(v)) return UNKNOWN;
        }
        boolean excluded = where != null && !Boolean.TRUE.equals(where.test(ctx));
        if (spec.type() == WindowSpec.Type.SLIDING) {
            if (excluded) return UNKNOWN;
            WindowBuffer b = (WindowBuffer) s.aux;
            b.add(time, v);
            b.evictBefore(time - spec.sizeMillis());
            if (b.size() < spec.minCount()) return UNKNOWN;
            return compare(s, b.aggregate(spec.aggregate()));
        }
        long start = align(time, spec.sizeMillis(), ctx);
        Bucket b = (Bucket) s.aux;
        int mask = UNKNOWN;
        if (b != null && start >= b.end) mask = close(s, b);
        if (b == null) {
            b = new Bucket();
            s.aux = b;
            b.reset(start, start + spec.sizeMillis());
        } else if (start >= b.end) {
            b.reset(start, start + spec.sizeMillis());
        }
        if (start == b.start) {
            if (excluded) b.excluded++;
            else b.add(v);
        }
        return mask;
    }

    @Override
    int tick(RuleState s, EvalContext ctx, long now) {
        Bucket b = (Bucket) s.aux;
        if (b == null || b.count == 0 || now < b.end) return UNKNOWN;
        ctx.touched(s.device);
        int mask = close(s, b);
        b.reset(b.end, b.end + spec.sizeMillis());
        return mask;
    }

    private int close(RuleState s, Bucket b) {
        b.closedCount = b.count;
        b.closedExcluded = b.excluded;
        if (b.count < spec.minCount()) {
            b.count = 0;
            return UNKNOWN;
        }
        s.obsTime = b.end;
        return compare(s, b.aggregate(spec.aggregate()));
    }

    private int compare(RuleState s, double agg) {
        s.value = agg;
        int mask = 0;
        for (int i = 0; i < cmp.length; i++) {
            Comparison c = s.level >= levelOrd[i] ? relaxed[i] : cmp[i];
            if (c.test(agg)) mask |= 1 << i;
        }
        return mask;
    }

    /** Start of the tumbling period holding {@code t}, aligned to the clock of the engine's zone. */
    static long align(long t, long size, EvalContext ctx) {
        long offset = ctx.timeZone().getRules().getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
        return Math.floorDiv(t + offset, size) * size - offset;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        out.put(rule.kind() == RuleKind.RATE ? "change" : spec.aggregate().name().toLowerCase(java.util.Locale.ROOT), s.value);
        if (rule.field() != null) out.put("field", rule.field());
        if (rule.valueExpr() != null) out.put("value_expr", rule.valueExpr());
        if (rule.where() != null) out.put("where", rule.where());
        out.put("window", spec.type().name().toLowerCase(java.util.Locale.ROOT) + " " + spec.sizeMillis() + " ms");
        if (s.aux instanceof WindowBuffer b && b.size() > 0) {
            out.put("window_start", b.firstTime());
            out.put("window_end", b.lastTime());
            out.put("samples", b.size());
        } else if (s.aux instanceof Bucket b && s.obsTime != NONE) {
            out.put("window_start", s.obsTime - spec.sizeMillis());
            out.put("window_end", s.obsTime);
            out.put("samples", b.closedCount);
            if (where != null) out.put("excluded", b.closedExcluded);
        }
        for (int i = 0; i < cmp.length; i++) {
            out.put("threshold." + rule.levels().get(i).level().labelEn(), cmp[i].describe());
        }
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        String what = rule.kind() == RuleKind.RATE ? "change" : spec.aggregate().name().toLowerCase(java.util.Locale.ROOT);
        return what + "(" + (rule.field() != null ? rule.field() : "value") + ")=" + fmt(s.value);
    }
}
