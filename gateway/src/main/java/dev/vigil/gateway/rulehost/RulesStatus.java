package dev.vigil.gateway.rulehost;

import dev.vigil.profile.Problem;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.model.Rule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/rules} shows: the rules running now, where they were loaded from and when,
 * and the problems of the last reload attempt if it was refused (the previous rules keep running).
 * Shared by the rule contexts (synchronized); {@link #toJson()} makes a copy.
 */
final class RulesStatus {
    private RuleSet rules = RuleSet.empty();
    private List<Path> files = List.of();
    private long loadedAt = -1;
    private long lastAttemptAt = -1;
    private List<Problem> problems = List.of();
    private int reloads;
    private int refused;
    private String zoneProblem;

    synchronized void loaded(RuleSet rules, List<Path> files, long now) {
        this.rules = rules;
        this.files = List.copyOf(files);
        this.loadedAt = now;
        this.lastAttemptAt = now;
        this.problems = List.of();
        reloads++;
    }

    synchronized void refused(List<Problem> problems, long now) {
        this.problems = List.copyOf(problems);
        this.lastAttemptAt = now;
        refused++;
    }

    /** The problem of the last zone reload, or null when it succeeded. */
    synchronized void zonesRefused(String problem) {
        this.zoneProblem = problem;
    }

    synchronized RuleSet rules() {
        return rules;
    }

    synchronized JsonObject toJson() {
        JsonArray list = new JsonArray();
        for (RuleSet.Entry e : rules.entries()) {
            Rule r = e.rule();
            JsonObject o = new JsonObject().put("id", e.id()).put("scope", e.scope().describe())
                    .put("profile", e.scope().profile()).put("enabled", r != null);
            if (r != null) {
                o.put("kind", r.kind().yamlName()).put("version", r.version())
                        .put("name", new JsonObject().put("zh", r.name().zh()).put("en", r.name().en()))
                        .put("levels", new JsonArray(r.levels().stream().map(l -> l.level().labelEn()).toList()))
                        .put("source", r.location());
                if (r.period() != null) o.put("period", r.period());
            }
            list.add(o);
        }
        JsonArray fileList = new JsonArray();
        files.forEach(f -> fileList.add(f.toString()));
        JsonArray probs = new JsonArray();
        problems.forEach(p -> probs.add(p.toString()));
        return new JsonObject()
                .put("loaded_at", loadedAt < 0 ? null : Instant.ofEpochMilli(loadedAt).toString())
                .put("last_attempt_at", lastAttemptAt < 0 ? null : Instant.ofEpochMilli(lastAttemptAt).toString())
                .put("last_reload_ok", problems.isEmpty())
                .put("problems", probs)
                .put("reloads", reloads)
                .put("refused_reloads", refused)
                .put("zone_problem", zoneProblem)
                .put("rule_files", fileList)
                .put("count", list.size())
                .put("rules", list);
    }
}
