package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.Rule;

import java.util.Map;

/**
 * A numeric field that stays within {@code tolerance} of the value it had when it stopped changing;
 * the duration is the level's {@code for} (e.g. 4 h). Any larger change restarts it.
 */
final class FlatlineRule extends CompiledRule {
    private final int index;
    private final double tolerance;

    FlatlineRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen) {
        super(rule, profile, quiet, clearWhen);
        this.index = profile.index(rule.field());
        this.tolerance = rule.tolerance();
    }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        if (!(values[index] instanceof Number n)) return UNKNOWN;
        double v = n.doubleValue();
        if (!Double.isNaN(s.value) && Math.abs(v - s.value) <= tolerance) return all();
        s.value = v;
        return 0;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        out.put("field", rule.field());
        out.put("value", s.value);
        out.put("tolerance", tolerance);
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        return rule.field() + " unchanged at " + fmt(s.value);
    }
}
