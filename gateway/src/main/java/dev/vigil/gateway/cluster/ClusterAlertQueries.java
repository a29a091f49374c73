package dev.vigil.gateway.cluster;

import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.alerts.AlertHistory;
import dev.vigil.gateway.alerts.AlertQueries;
import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The alert API in cluster mode: open and recent alerts of the whole cluster from the alert log
 * ({@link ClusterAlerts}), older closed ones from InfluxDB; an acknowledgement is an event on the
 * alerts topic like any other, so every gateway (and the device's owner at its next take-over) sees it.
 */
public final class ClusterAlertQueries implements AlertQueries {
    private final Vertx vertx;
    private final ClusterAlerts view;
    private final AlertHistory history;
    private final Consumer<AlertEvent> output;
    private final AlertQueries local;

    /**
     * @param local the gateway's own rule contexts, asked for the rules' status only
     */
    public ClusterAlertQueries(Vertx vertx, ClusterNode node, AlertHistory history, AlertQueries local) {
        this.vertx = vertx;
        this.view = node.alerts();
        this.history = history;
        this.output = node.alertOutput();
        this.local = local;
    }

    @Override
    public Future<List<Alert>> alerts(AlertFilter filter, int limit) {
        List<Alert> memory = filter.apply(view.alerts(), Integer.MAX_VALUE);
        if (filter.state() == AlertFilter.State.OPEN) return Future.succeededFuture(sorted(memory, limit));
        return vertx.executeBlocking(() -> history.closed(filter, limit), false).otherwise(t -> List.of()).map(stored -> {
            Map<String, Alert> byId = new LinkedHashMap<>();
            for (Alert a : stored) byId.put(a.alertId(), a);
            for (Alert a : memory) byId.put(a.alertId(), a);
            return sorted(new ArrayList<>(byId.values()), limit);
        });
    }

    private static List<Alert> sorted(List<Alert> alerts, int limit) {
        List<Alert> l = new ArrayList<>(alerts);
        l.sort(Comparator.comparingLong(Alert::raisedAt).reversed().thenComparing(Alert::alertId));
        return l.size() > limit ? List.copyOf(l.subList(0, limit)) : l;
    }

    @Override
    public Future<AlertView> alert(String id) {
        Alert a = view.get(id);
        if (a != null) return Future.succeededFuture(new AlertView(a, view.events(id)));
        return vertx.executeBlocking(() -> {
            AlertView stored = history.byId(id);
            if (stored == null) throw new NotFound("no alert '" + id + "'");
            return stored;
        }, false);
    }

    @Override
    public Future<Alert> acknowledge(String id, String user, String comment) {
        Alert a = view.get(id);
        if (a == null) return Future.failedFuture(new NotFound("no alert '" + id + "' (not open and not recently closed)"));
        if (a.acknowledged()) {
            return Future.failedFuture(new Conflict("alert '" + id + "' was already acknowledged by " + a.ackBy() + " at "
                    + Instant.ofEpochMilli(a.ackAt())));
        }
        if (user == null || user.isBlank()) return Future.failedFuture(new IllegalArgumentException("acknowledge: user is required"));
        AlertEvent e = AlertEvent.acknowledged(a, user, comment, System.currentTimeMillis());
        output.accept(e);
        view.apply(e); // this gateway answers with the acknowledged alert at once; the log brings it to the others
        return Future.succeededFuture(view.get(id));
    }

    @Override
    public Future<JsonObject> rulesStatus() {
        return local.rulesStatus().map(j -> j.put("open_alerts", view.openCount()).put("cluster", true));
    }

}
