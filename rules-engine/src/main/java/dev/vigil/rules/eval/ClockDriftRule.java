package dev.vigil.rules.eval;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.model.Rule;

import java.util.Map;

import static dev.vigil.rules.eval.DeviceCtx.NONE;

/**
 * The device's clock far from the gateway's: a live reading whose time is more than
 * {@code tolerance} (ms) before or after its arrival. Readings without an arrival time (backfill
 * batches, HJ 212 period data, replays) say nothing about the clock and are not observations, so
 * legitimately old data never raises it; the next live reading within the tolerance clears it.
 */
final class ClockDriftRule extends CompiledRule {
    private final long tolerance;

    ClockDriftRule(Rule rule, DeviceProfile profile, CelExpr quiet, CelExpr clearWhen) {
        super(rule, profile, quiet, clearWhen);
        this.tolerance = Math.round(rule.tolerance());
    }

    @Override
    int observe(RuleState s, EvalContext ctx, Object[] values, long time) {
        long arrived = s.device.arrivedAt;
        if (arrived == NONE) return UNKNOWN;
        long drift = arrived - time;
        s.value = drift;
        s.aux = time; // boxed only on this path: the device time, for the evidence
        return Math.abs(drift) > tolerance ? all() : 0;
    }

    @Override
    void evidence(RuleState s, EvalContext ctx, Map<String, Object> out) {
        long deviceTime = s.aux instanceof Long t ? t : NONE;
        out.put("drift_ms", (long) s.value);
        out.put("device_time", deviceTime);
        out.put("arrived_at", deviceTime + (long) s.value);
        out.put("tolerance_ms", tolerance);
    }

    @Override
    String detail(RuleState s, EvalContext ctx) {
        return "clock drift " + human(Math.abs((long) s.value)) + (s.value >= 0 ? " behind" : " ahead of") + " arrival";
    }

    private static String human(long ms) {
        if (ms >= 3_600_000) return fmt(ms / 3_600_000.0) + " h";
        if (ms >= 60_000) return fmt(ms / 60_000.0) + " min";
        return fmt(ms / 1000.0) + " s";
    }
}
