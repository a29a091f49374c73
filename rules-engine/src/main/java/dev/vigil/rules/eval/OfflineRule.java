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
 *
 * <p>"No data" means nothing arrived: the silence runs from the later of the newest reading's own
 * time and the gateway's clock when the last live reading arrived (kept in the state's
 * {@code value}, so it travels with exported and restored state). A device whose clock lags keeps
 * reporting and is not offline; before this, a terminal an hour behind raised and cleared its
 * offline alert on every tick and every reading. Backfills and replays carry no arrival time and
 * count by their own time, as before.
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
        long arrived = s.device.arrivedAt;
        if (arrived != NONE && (Double.isNaN(s.value) || arrived > s.value)) s.value = arrived;
        return 0;
    }

    @Override
    int tick(RuleState s, EvalContext ctx, long now) {
        long seen = Math.max(seen(s), heard(s));
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

    /** The gateway's clock when the last live reading (carrying the field) arrived, or NONE. */
    private static long heard(RuleState s) {
        return Double.isNaN(s.value) ? NONE : (long) s.value;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        long seen = seen(s);
        if (rule.field() != null) out.put("field", rule.field());
        if (seen != NONE) out.put("last_seen", seen);
        long heard = heard(s);
        if (heard != NONE && heard > seen) out.put("last_heard", heard);
        for (int i = 0; i < after.length; i++) out.put("after." + rule.levels().get(i).level().labelEn(), after[i]);
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        long seen = seen(s);
        return (rule.field() != null ? rule.field() + " " : "") + "last seen " + (seen == NONE ? "never" : java.time.Instant.ofEpochMilli(seen).toString());
    }
}
