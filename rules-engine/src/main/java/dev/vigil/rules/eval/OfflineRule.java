package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.Rule;

import java.util.Map;

import static dev.vigil.rules.eval.DeviceCtx.NONE;

/**
 * No data from a device (or for one field) for a while. Evaluated on clock ticks, so it fires
 * even if the device never sends again; any reading (carrying the field) clears it. Last-seen
 * times come from the device snapshot, which a restart restores. With {@code last_reading}, the
 * silence only counts when that condition held on the last reading (e.g. ignition on).
 */
final class OfflineRule extends CompiledRule {
    private final int index;
    private final long[] after;
    private final CelExpr lastReading;

    OfflineRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen, CelExpr lastReading) {
        super(rule, profile, quiet, clearWhen);
        this.index = rule.field() == null ? -1 : profile.index(rule.field());
        this.lastReading = lastReading;
        after = new long[rule.levels().size()];
        for (int i = 0; i < after.length; i++) after[i] = rule.levels().get(i).afterMillis();
    }

    @Override
    boolean tickDriven() { return true; }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        if (index >= 0 && values[index] == null) return UNKNOWN;
        if (lastReading != null) s.aux = lastReading.test(ctx);
        return 0;
    }

    @Override
    int tick(RuleState s, EvalContext ctx, long now) {
        long seen = seen(s);
        if (seen == NONE) return UNKNOWN;
        if (lastReading != null && Boolean.FALSE.equals(s.aux)) return 0;
        long silence = now - seen;
        int mask = 0;
        for (int i = 0; i < after.length; i++) if (silence >= after[i]) mask |= 1 << i;
        return mask;
    }

    private long seen(RuleState s) {
        return index < 0 ? s.device.lastSeen : s.device.fieldSeen[index];
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        long seen = seen(s);
        if (rule.field() != null) out.put("field", rule.field());
        if (seen != NONE) out.put("last_seen", seen);
        for (int i = 0; i < after.length; i++) out.put("after." + rule.levels().get(i).level().labelEn(), after[i]);
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        long seen = seen(s);
        return (rule.field() != null ? rule.field() + " " : "") + "last seen " + (seen == NONE ? "never" : java.time.Instant.ofEpochMilli(seen).toString());
    }
}
