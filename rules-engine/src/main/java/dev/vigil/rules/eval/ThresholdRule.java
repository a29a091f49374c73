package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.Comparison;
import dev.vigil.rules.model.Rule;

import java.util.Map;

/**
 * A field compared with one threshold per level. The no-change path reads the field by its
 * precompiled index and compares primitives: it does not allocate.
 */
final class ThresholdRule extends CompiledRule {
    private final int index;
    private final boolean numeric;
    private final Comparison[] cmp;
    private final Comparison[] relaxed;

    ThresholdRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen) {
        super(rule, profile, quiet, clearWhen);
        this.index = profile.index(rule.field());
        this.numeric = profile.field(rule.field()).numeric();
        int n = rule.levels().size();
        cmp = new Comparison[n];
        relaxed = new Comparison[n];
        for (int i = 0; i < n; i++) {
            cmp[i] = rule.levels().get(i).comparison();
            relaxed[i] = cmp[i].relaxed(rule.hysteresis());
        }
    }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        Object v = values[index];
        if (v == null) return UNKNOWN;
        int mask = 0;
        if (numeric) {
            double x = ((Number) v).doubleValue();
            s.value = x;
            for (int i = 0; i < cmp.length; i++) {
                Comparison c = s.level >= levelOrd[i] ? relaxed[i] : cmp[i];
                if (c.test(x)) mask |= 1 << i;
            }
        } else {
            for (int i = 0; i < cmp.length; i++) {
                if (cmp[i].test(v)) mask |= 1 << i;
            }
        }
        return mask;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        out.put("field", rule.field());
        Object v = s.device.last[index];
        if (v != null) out.put("value", v);
        for (int i = 0; i < cmp.length; i++) {
            out.put("threshold." + rule.levels().get(i).level().labelEn(), cmp[i].describe());
        }
        if (!Double.isNaN(rule.hysteresis())) out.put("hysteresis", rule.hysteresis());
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        Object v = s.device.last[index];
        return rule.field() + "=" + (v instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(v));
    }
}
