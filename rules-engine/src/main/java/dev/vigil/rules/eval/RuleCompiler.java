package dev.vigil.rules.eval;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.Problem;
import dev.vigil.rules.model.LevelSpec;
import dev.vigil.rules.model.Rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a parsed {@link Rule} for its profile: resolves fields and compiles every CEL
 * expression once. CEL errors come back as problems at the expression's line.
 */
public final class RuleCompiler {

    private RuleCompiler() {}

    /**
     * Compiles a rule, or adds its problems and returns null.
     *
     * @param profile  the profile of the rule's scope
     * @param problems where compile errors go ({@code file:line: rule id: key: message})
     */
    public static CompiledRule compile(Rule rule, DeviceProfile profile, List<Problem> problems) {
        Params params = Params.of(profile, rule.params());
        CelCompiler cel = celFor(profile, params.types());
        int before = problems.size();
        CelExpr quiet = expr(cel, rule, "quiet_when", rule.quietWhen(), SimpleType.BOOL, problems);
        CelExpr clearWhen = expr(cel, rule, "clear_when", rule.clearWhen(), SimpleType.BOOL, problems);
        CompiledRule out = switch (rule.kind()) {
            case THRESHOLD -> new ThresholdRule(rule, profile, quiet, clearWhen);
            case EXPRESSION -> {
                CelExpr[] when = new CelExpr[rule.levels().size()];
                Map<String, CelExpr> bySource = new HashMap<>();
                for (int i = 0; i < when.length; i++) {
                    LevelSpec l = rule.levels().get(i);
                    CelExpr e = bySource.get(l.when());
                    if (e == null) {
                        boolean shared = rule.definition() instanceof Map<?, ?> d && l.when().equals(d.get("when"));
                        e = expr(cel, rule, shared ? "when" : "when:" + l.level().labelEn(), l.when(), SimpleType.BOOL, problems);
                        if (e != null) bySource.put(l.when(), e);
                    }
                    when[i] = e;
                }
                yield new ExpressionRule(rule, profile, quiet, clearWhen, when);
            }
            case WINDOW, RATE -> new WindowRule(rule, profile, quiet, clearWhen,
                    expr(cel, rule, "value", rule.valueExpr(), SimpleType.DOUBLE, problems),
                    expr(cel, rule, "where", rule.where(), SimpleType.BOOL, problems));
            case OFFLINE -> new OfflineRule(rule, profile, quiet, clearWhen,
                    expr(cel, rule, "last_reading", rule.lastReading(), SimpleType.BOOL, problems));
            case GEOFENCE -> new GeofenceRule(rule, profile, quiet, clearWhen);
            case FLATLINE -> new FlatlineRule(rule, profile, quiet, clearWhen);
            case CLOCK_DRIFT -> new ClockDriftRule(rule, profile, quiet, clearWhen);
        };
        if (rule.kind() == dev.vigil.rules.model.RuleKind.THRESHOLD || rule.kind() == dev.vigil.rules.model.RuleKind.EXPRESSION) {
            out.where = expr(cel, rule, "where", rule.where(), SimpleType.BOOL, problems);
        }
        out.params = params;
        return problems.size() == before ? out : null;
    }

    /** CEL environments are costly to build; share one per profile and parameter set (they are immutable). */
    private static final Map<DeviceProfile, Map<Map<String, CelType>, CelCompiler>> ENVIRONMENTS = new java.util.WeakHashMap<>();

    private static CelCompiler celFor(DeviceProfile profile, Map<String, CelType> params) {
        synchronized (ENVIRONMENTS) {
            return ENVIRONMENTS.computeIfAbsent(profile, k -> new HashMap<>())
                    .computeIfAbsent(Map.copyOf(params), k -> new CelCompiler(profile, k));
        }
    }

    private static CelExpr expr(CelCompiler cel, Rule rule, String key, String source, CelType type, List<Problem> problems) {
        if (source == null) return null;
        try {
            return cel.compile(source, type);
        } catch (CelCompiler.CompileError e) {
            String shown = key.startsWith("when:") ? "levels." + key.substring(5) + ".when" : key;
            problems.add(new Problem(java.nio.file.Path.of(rule.file()), rule.lineOf(key), "rule " + rule.id() + ": " + shown + ": " + e.getMessage()));
            return null;
        }
    }

    /** Convenience for callers that want the problems as a list. */
    public static List<Problem> check(Rule rule, DeviceProfile profile) {
        List<Problem> p = new ArrayList<>();
        compile(rule, profile, p);
        return p;
    }
}
