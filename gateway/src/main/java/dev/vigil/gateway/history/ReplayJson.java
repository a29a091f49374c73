package dev.vigil.gateway.history;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON answer of a rules replay: candidate alert events beside the stored ones, with counts of raises. */
final class ReplayJson {
    private ReplayJson() {}

    static JsonObject of(StoredReplay.Result r, Times times) {
        JsonArray candidate = new JsonArray();
        long candidateRaised = 0;
        for (AlertEvent e : r.candidate()) {
            candidate.add(AlertJson.event(e).put("ts", times.out(e.time())));
            if (e.kind() == AlertEvent.Kind.RAISED) candidateRaised++;
        }
        JsonArray actual = new JsonArray();
        long actualRaised = 0;
        for (AlertMarks.Mark m : r.actual()) {
            actual.add(new JsonObject().put("ts", times.out(m.time())).put("kind", m.kind() == null ? null : m.kind().toLowerCase(java.util.Locale.ROOT))
                    .put("alert_id", m.alertId()).put("rule", m.rule()).put("level", m.level()).put("message", m.message()));
            if ("RAISED".equals(m.kind())) actualRaised++;
        }
        return new JsonObject().put("readings", r.readings()).put("truncated", r.truncated())
                .put("summary", new JsonObject().put("candidate_raised", candidateRaised).put("actual_raised", actualRaised))
                .put("candidate", candidate).put("actual", actual);
    }
}
