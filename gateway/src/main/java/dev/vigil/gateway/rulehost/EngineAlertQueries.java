package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.alerts.AlertHistory;
import dev.vigil.gateway.alerts.AlertQueries;
import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers the alert API from the running engine (on its context) and, for older closed alerts, from InfluxDB (on a worker). */
final class EngineAlertQueries implements AlertQueries {
    private static final Logger LOG = LoggerFactory.getLogger(EngineAlertQueries.class);

    private final RulesVerticle rules;
    private final AlertHistory history;
    private final RulesStatus status;

    EngineAlertQueries(RulesVerticle rules, AlertHistory history, RulesStatus status) {
        this.rules = rules;
        this.history = history;
        this.status = status;
    }

    private Vertx vertx() {
        return rules.vertx();
    }

    @Override
    public Future<List<Alert>> alerts(AlertFilter filter, int limit) {
        Future<List<Alert>> memory = rules.onEngines(s -> {
            List<Alert> all = new ArrayList<>(s.engine().alerts().open());
            all.addAll(s.engine().alerts().recent());
            return filter.apply(all, Integer.MAX_VALUE);
        }).map(EngineAlertQueries::flat);
        if (filter.state() == AlertFilter.State.OPEN) return memory.map(l -> sorted(l, limit));
        Future<List<Alert>> stored = vertx().executeBlocking(() -> history.closed(filter, limit), false)
                .otherwise(t -> {
                    LOG.warn("closed alerts could not be read from InfluxDB, answering from memory: {}", t.getMessage());
                    return List.of();
                });
        return Future.all(memory, stored).map(v -> {
            Map<String, Alert> byId = new LinkedHashMap<>();
            for (Alert a : stored.result()) byId.put(a.alertId(), a);
            for (Alert a : memory.result()) byId.put(a.alertId(), a);
            return sorted(new ArrayList<>(byId.values()), limit);
        });
    }

    private static <T> List<T> flat(List<List<T>> parts) {
        List<T> out = new ArrayList<>();
        for (List<T> p : parts) out.addAll(p);
        return out;
    }

    private static List<Alert> sorted(List<Alert> alerts, int limit) {
        List<Alert> l = new ArrayList<>(alerts);
        l.sort(Comparator.comparingLong(Alert::raisedAt).reversed().thenComparing(Alert::alertId));
        return l.size() > limit ? List.copyOf(l.subList(0, limit)) : l;
    }

    @Override
    public Future<AlertView> alert(String id) {
        return rules.onEngines(s -> {
            Alert a = s.engine().alerts().get(id);
            return a == null ? null : new AlertView(a, s.eventsOf(id));
        }).map(l -> {
            for (AlertView v : l) if (v != null) return v;
            return (AlertView) null;
        }).compose(v -> v != null ? Future.succeededFuture(v) : vertx().executeBlocking(() -> {
            AlertView stored = history.byId(id);
            if (stored == null) throw new NotFound("no alert '" + id + "'");
            return stored;
        }, false));
    }

    @Override
    public Future<Alert> acknowledge(String id, String user, String comment) {
        // the alert lives in the engine of its device's rule context: find it, then acknowledge it there
        return rules.onEngines(s -> s.engine().alerts().get(id) != null ? s : null).compose(l -> {
            RuleShard holder = null;
            for (RuleShard s : l) if (s != null) holder = s;
            if (holder == null) return Future.failedFuture(new NotFound("no alert '" + id + "' (not open and not recently closed)"));
            RuleShard s = holder;
            return s.run(e -> {
                Alert a = e.alerts().get(id);
                if (a == null) throw new NotFound("no alert '" + id + "' (not open and not recently closed)");
                if (a.acknowledged()) {
                    throw new Conflict("alert '" + id + "' was already acknowledged by " + a.ackBy()
                            + " at " + Instant.ofEpochMilli(a.ackAt()));
                }
                AlertEvent ev = e.acknowledge(id, user, comment, System.currentTimeMillis());
                s.publish(List.of(ev));
                return e.alerts().get(id);
            });
        });
    }

    @Override
    public Future<JsonObject> rulesStatus() {
        return rules.onEngines(s -> new long[] {s.engine().alerts().openCount(), s.engine().stateCount()}).map(l -> {
            long open = 0, states = 0;
            for (long[] x : l) {
                open += x[0];
                states += x[1];
            }
            return status.toJson().put("open_alerts", (int) open).put("states", states).put("rule_contexts", l.size());
        });
    }
}
