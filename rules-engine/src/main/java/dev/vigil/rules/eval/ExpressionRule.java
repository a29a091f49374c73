package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.rules.model.Rule;

import java.util.Map;
import java.util.TreeMap;

/**
 * CEL boolean expressions, one per level, over the device's latest field values and parameters.
 * When an expression cannot be evaluated (a field never reported), the reading is not an
 * observation for this rule.
 */
final class ExpressionRule extends CompiledRule {
    final CelExpr[] when;
    private final java.util.Set<String> mentioned = new java.util.HashSet<>();

    ExpressionRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen, CelExpr[] when) {
        super(rule, profile, quiet, clearWhen);
        this.when = when;
        for (CelExpr e : when) {
            if (e == null) continue;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(e.source());
            while (m.find()) mentioned.add(m.group());
        }
    }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        int mask = 0;
        CelExpr prev = null;
        boolean prevResult = false;
        for (int i = 0; i < when.length; i++) {
            boolean r;
            if (when[i] == prev) {
                r = prevResult;
            } else {
                Boolean b = when[i].test(ctx);
                if (b == null) return UNKNOWN;
                r = b;
                prev = when[i];
                prevResult = r;
            }
            if (r) mask |= 1 << i;
        }
        return mask;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        Map<String, Object> values = new TreeMap<>();
        for (int i = 0; i < profile.fields().size(); i++) {
            FieldSpec f = profile.fields().get(i);
            if (s.device.last[i] != null && mentions(f.name())) values.put(f.name(), s.device.last[i]);
        }
        for (String p : params.types().keySet()) {
            if (mentions(p)) {
                Object v = ctx.find(p).orElse(null);
                if (v != null) values.put(p, v);
            }
        }
        out.put("values", values);
        for (int i = 0; i < when.length; i++) out.put("when." + rule.levels().get(i).level().labelEn(), when[i].source());
    }

    /** Whether a field or parameter name appears in the level expressions (for evidence). */
    private boolean mentions(String name) {
        return mentioned.contains(name);
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < profile.fields().size(); i++) {
            String f = profile.fields().get(i).name();
            if (s.device.last[i] != null && mentions(f)) {
                if (sb.length() > 0) sb.append(", ");
                Object v = s.device.last[i];
                sb.append(f).append('=').append(v instanceof Double d ? fmt(d) : v);
            }
        }
        return sb.toString();
    }
}
