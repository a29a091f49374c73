package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.GeofenceSpec;
import dev.vigil.rules.model.Rule;
import dev.vigil.rules.zones.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Position inside any selected zone (or outside all of them), from the reading's lat / lon
 * fields; the dwell time is the level's {@code for}. An {@code outside} rule whose selection
 * matches no configured zone stays silent rather than flag every position.
 */
final class GeofenceRule extends CompiledRule {
    private final GeofenceSpec spec;
    private final int lat;
    private final int lon;

    GeofenceRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen) {
        super(rule, profile, quiet, clearWhen);
        this.spec = rule.geofence();
        this.lat = profile.index(spec.latField());
        this.lon = profile.index(spec.lonField());
    }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        if (!(values[lat] instanceof Number la) || !(values[lon] instanceof Number lo)) return UNKNOWN;
        // "outside all of no zones" is not a deviation: without configured zones the rule stays silent
        if (!spec.inside() && !ctx.anyZone(spec.zones())) return UNKNOWN;
        boolean inside = false;
        for (Zone z : ctx.zones().containing(lo.doubleValue(), la.doubleValue())) {
            if (spec.zones().matches(z)) {
                inside = true;
                break;
            }
        }
        return inside == spec.inside() ? all() : 0;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        Object la = s.device.last[lat], lo = s.device.last[lon];
        out.put("lat", la);
        out.put("lon", lo);
        out.put("test", spec.inside() ? "inside" : "outside");
        List<String> in = new ArrayList<>();
        if (la instanceof Number a && lo instanceof Number b) {
            for (Zone z : ctx.zones().containing(b.doubleValue(), a.doubleValue())) in.add(z.id());
        }
        out.put("zones_here", in);
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        return "lat=" + s.device.last[lat] + ", lon=" + s.device.last[lon];
    }
}
