package dev.vigil.gateway.history;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.profile.FieldSpec;
import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.model.LevelSpec;
import dev.vigil.rules.model.Rule;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/alerts/{id}/episode?before=10m&after=10m}: everything needed to replay one
 * alert — the alert and its lifecycle, the rule as the engine runs it (id, version, levels with
 * thresholds or expressions and durations, its full definition, and whether its version is the one
 * that raised the alert), the readings of the fields the rule uses over the window (raw, or M4 over
 * 5 000 points) and the device's events timeline over the same window.
 */
final class EpisodeQuery {
    static final Set<String> PARAMS = Set.of("before", "after", "time_format");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,5})([smh])");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The parsed window around the alert. */
    record Window(long beforeMs, long afterMs, boolean epoch) {}

    private final SeriesQuery series;
    private final EventsQuery events;
    private final HistoryOptions options;

    EpisodeQuery(SeriesQuery series, EventsQuery events, HistoryOptions options) {
        this.series = series;
        this.events = events;
        this.options = options;
    }

    static Window parse(MultiMap q) {
        for (String name : q.names()) {
            if (!PARAMS.contains(name)) throw HistoryException.bad(name, "unknown query parameter '" + name + "'; accepted: " + new TreeSet<>(PARAMS));
        }
        String tf = q.get("time_format");
        if (tf != null && !tf.equals("iso") && !tf.equals("ms")) throw HistoryException.bad("time_format", "time_format: '" + tf + "' is not iso or ms");
        return new Window(duration(q, "before"), duration(q, "after"), "ms".equals(tf));
    }

    private static long duration(MultiMap q, String name) {
        String v = q.get(name);
        if (v == null) return 600_000;
        Matcher m = DURATION.matcher(v.strip());
        long ms = -1;
        if (m.matches()) ms = Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        if (ms < 0 || ms > 7 * 86_400_000L) throw HistoryException.bad(name, name + ": '" + v + "' is not a duration up to 7 days such as 30s, 10m or 2h");
        return ms;
    }

    /** Builds the episode (blocking: reads InfluxDB). */
    JsonObject run(QueryPlanner.Target t, Alert alert, List<AlertEvent> lifecycle, Rule rule, Window w) {
        Times times = new Times(options.zone(), w.epoch());
        long end = alert.clearedAt() >= 0 ? alert.clearedAt() : System.currentTimeMillis();
        long from = alert.raisedAt() - w.beforeMs();
        long to = end + w.afterMs();
        List<FieldSpec> used = usedFields(t, rule, lifecycle);
        JsonObject out = new JsonObject().put("alert", AlertJson.alert(alert, lifecycle))
                .put("window", new JsonObject().put("from", times.out(from)).put("to", times.out(to)))
                .put("rule", rule == null ? null : rule(rule, alert))
                .put("fields", new JsonArray(used.stream().map(FieldSpec::name).toList()));
        List<FieldSpec> numeric = used.stream().filter(FieldSpec::numeric).toList();
        if (!numeric.isEmpty()) {
            RangeParams range = new RangeParams(from, to, 5000, w.epoch());
            out.put("readings", series.run(new SeriesQuery.Request(t, numeric, range, SeriesQuery.Agg.AUTO, null, 0)));
        }
        out.put("events", events.run(t, new RangeParams(from, to, 10, w.epoch()), 10_000).getJsonArray("events"));
        return out;
    }

    private static JsonObject rule(Rule r, Alert alert) {
        JsonArray levels = new JsonArray();
        for (LevelSpec l : r.levels()) {
            levels.add(new JsonObject().put("level", l.level().labelEn())
                    .put("condition", l.comparison() != null ? l.comparison().describe() : l.when())
                    .put("for_ms", l.forMillis()).put("count", l.count()).put("after_ms", l.afterMillis()));
        }
        JsonObject o = new JsonObject().put("id", r.id()).put("version", r.version())
                .put("version_matches", r.version() == alert.ruleVersion())
                .put("name", new JsonObject().put("zh", r.name().zh()).put("en", r.name().en()))
                .put("kind", r.kind().yamlName()).put("field", r.field()).put("levels", levels)
                .put("clear_delay_ms", r.clearDelayMillis()).put("source", r.location());
        if (r.window() != null) {
            o.put("window", new JsonObject().put("type", r.window().type().name().toLowerCase(java.util.Locale.ROOT))
                    .put("size_ms", r.window().sizeMillis()).put("aggregate", String.valueOf(r.window().aggregate())));
        }
        if (r.definition() instanceof java.util.Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> def = (java.util.Map<String, Object>) m;
            o.put("definition", new JsonObject(def));
        }
        if (r.version() != alert.ruleVersion()) {
            o.put("note", "the alert was raised by version " + alert.ruleVersion() + "; version " + r.version()
                    + " runs now (earlier definitions are not stored)");
        }
        return o;
    }

    /** The profile fields a rule reads: its field, identifiers in its expressions, and the evidence keys of its events. */
    private static List<FieldSpec> usedFields(QueryPlanner.Target t, Rule r, List<AlertEvent> lifecycle) {
        Set<String> names = new java.util.LinkedHashSet<>();
        if (r != null) {
            if (r.field() != null) names.add(r.field());
            List<String> exprs = new ArrayList<>();
            for (LevelSpec l : r.levels()) exprs.add(l.when());
            exprs.addAll(java.util.Arrays.asList(r.valueExpr(), r.where(), r.clearWhen(), r.quietWhen(), r.lastReading()));
            for (String e : exprs) {
                if (e == null) continue;
                Matcher m = IDENT.matcher(e);
                while (m.find()) names.add(m.group());
            }
        }
        for (AlertEvent e : lifecycle) names.addAll(e.evidence().keySet());
        List<FieldSpec> out = new ArrayList<>();
        for (String n : names) {
            FieldSpec f = t.profile().field(n);
            if (f != null) out.add(f);
        }
        return out;
    }
}
