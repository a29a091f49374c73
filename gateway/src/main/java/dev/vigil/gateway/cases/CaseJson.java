package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.gateway.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * The JSON form of cases for the API and the console: snake_case keys, epoch-millisecond times
 * with an ISO-8601 twin ({@code *_iso}), states as lower-case ids with Chinese and English labels.
 */
public final class CaseJson {

    private CaseJson() {}

    /** {@code {"zh": "已签收", "en": "received"}}. */
    public static JsonObject stateLabel(CaseState s) {
        return new JsonObject().put("zh", s.labelZh()).put("en", s.labelEn());
    }

    /**
     * One case: its alert's facts, {@code state}, {@code overdue}, the highest {@code escalation}
     * of a step not yet reached, {@code deadlines} (step, limit_ms, due, met_at, overdue,
     * escalation), {@code allowed} (the states the caller may move it to now) and, with
     * {@code timeline}, every rule event and case step, oldest first.
     */
    public static JsonObject of(Case c, List<CaseBook.Deadline> deadlines, Role role, boolean timeline) {
        boolean overdue = deadlines.stream().anyMatch(CaseBook.Deadline::overdue);
        int escalation = 0;
        JsonArray dl = new JsonArray();
        for (CaseBook.Deadline d : deadlines) {
            if (d.metAt() < 0 && !c.state().terminal()) escalation = Math.max(escalation, d.escalation());
            dl.add(new JsonObject().put("step", d.step().id()).put("limit_ms", d.limitMs()).put("due", d.due())
                    .put("due_iso", iso(d.due())).put("met_at", d.metAt() < 0 ? null : d.metAt())
                    .put("met_at_iso", d.metAt() < 0 ? null : iso(d.metAt())).put("overdue", d.overdue())
                    .put("escalation", d.escalation()));
        }
        JsonObject o = new JsonObject()
                .put("id", c.id())
                .put("alert_id", c.id())
                .put("state", c.state().id())
                .put("state_label", stateLabel(c.state()))
                .put("level", c.level().labelEn())
                .put("level_label", AlertJson.levelLabel(c.level()))
                .put("device", c.device())
                .put("profile", c.profile())
                .put("enterprise", c.enterprise())
                .put("region", c.region())
                .put("rule", c.rule())
                .put("rule_kind", c.ruleKind())
                .put("raised_at", c.raisedAt())
                .put("raised_at_iso", iso(c.raisedAt()))
                .put("alert_state", c.clearedAt() < 0 ? "open" : "cleared")
                .put("cleared_at", c.clearedAt() < 0 ? null : c.clearedAt())
                .put("updated_at", c.updatedAt())
                .put("updated_at_iso", iso(c.updatedAt()))
                .put("auto_close", c.autoClose())
                .put("overdue", overdue)
                .put("escalation", escalation)
                .put("deadlines", dl)
                .put("allowed", new JsonArray(CaseState.ids(c.state().nextFor(role))));
        if (timeline) {
            JsonArray t = new JsonArray();
            for (Case.Entry e : c.timeline()) {
                JsonObject x = new JsonObject().put("time", e.time()).put("time_iso", iso(e.time())).put("kind", e.kind())
                        .put("level", e.level() == null ? null : e.level().labelEn()).put("actor", e.actor()).put("comment", e.comment());
                if (e.to() != null) x.put("case_from", e.from()).put("case_to", e.to());
                if (e.step() != null) x.put("step", e.step()).put("escalation", e.escalation()).put("due", e.due()).put("due_iso", iso(e.due()));
                t.add(x);
            }
            o.put("timeline", t);
        }
        return o;
    }

    private static String iso(long t) {
        return Instant.ofEpochMilli(t).toString();
    }
}
