package dev.vigil.rules.eval;

import dev.vigil.profile.Device;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.rules.model.Rule;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.vigil.rules.eval.DeviceCtx.NONE;

/** Builds alert events with their evidence and a bilingual message. */
final class Events {

    private Events() {}

    static AlertEvent build(RuleState s, EvalContext ctx, AlertEvent.Kind kind, int newLevel, long time,
                            String alertId, String reason) {
        CompiledRule r = s.rule;
        Rule rule = r.rule;
        Device d = s.device.device;
        Level prev = s.level >= 0 ? Level.values()[s.level] : null;
        Level level = newLevel >= 0 ? Level.values()[newLevel] : prev;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("rule", rule.id());
        ev.put("version", rule.version());
        ev.put("kind", rule.kind().yamlName());
        ev.put("observed_at", time);
        if (rule.autoClose()) ev.put("auto_close", true);
        int spec = specOf(r, newLevel);
        int n = r.levelOrd.length;
        if (spec >= 0 && s.hold[spec] != NONE) {
            ev.put("since", s.hold[spec]);
            if (r.forMs[spec] > 0) ev.put("for_ms", r.forMs[spec]);
            if (r.counts[spec] > 1) ev.put("count", (int) s.hold[n + spec]);
        }
        ctx.at(s.device, r);
        r.evidence(s, ctx, ev);
        if (s.quiet) ev.put("quiet", true);
        if (reason != null) ev.put("reason", reason);
        String detail = reason != null ? reason : r.detail(s, ctx);
        return new AlertEvent(alertId, kind, d.id(), d.profile(), d.enterprise(), d.region(), rule.id(), rule.version(),
                level, kind == AlertEvent.Kind.RAISED ? null : prev, time, message(kind, rule, level, detail), ev, null, null);
    }

    private static int specOf(CompiledRule r, int level) {
        for (int i = 0; i < r.levelOrd.length; i++) if (r.levelOrd[i] == level) return i;
        return -1;
    }

    /** "[橙色预警] 平层困人 / [orange] Trapped at level: occupied=true, door=closed". */
    static String message(AlertEvent.Kind kind, Rule rule, Level level, String detail) {
        String zh = rule.name().zh(), en = rule.name().en();
        String head = switch (kind) {
            case RAISED -> "[" + level.labelZh() + "] " + zh + " / [" + level.labelEn() + "] " + en;
            case ESCALATED -> "升级为" + level.labelZh() + "：" + zh + " / escalated to " + level.labelEn() + ": " + en;
            case DEESCALATED -> "降级为" + level.labelZh() + "：" + zh + " / de-escalated to " + level.labelEn() + ": " + en;
            case CLEARED -> "已恢复：" + zh + " / cleared: " + en;
            case ACKNOWLEDGED -> "已确认：" + zh + " / acknowledged: " + en;
        };
        return detail == null || detail.isEmpty() ? head : head + " (" + detail + ")";
    }
}
