package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.pipeline.DefaultTelemetryPipeline;
import dev.vigil.gateway.pipeline.TelemetryListener;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.zones.ZoneIndex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the rules engine inside the gateway. The engine is single-threaded and lives on this
 * verticle's context: readings hop here from the pipeline, a clock tick lets offline rules and
 * durations elapse, and every alert event is stored in InfluxDB and published (as JSON encoded
 * once) to the live streams and the webhook. At start-up the stored events and last-seen times are
 * replayed into the engine, so a restart neither raises a duplicate nor loses a clear. Rule and
 * profile files are watched; a broken change is refused and the last good rules keep running.
 */
public final class RulesVerticle extends VerticleBase {
    private volatile Map<Level, Integer> openByLevel = Map.of();
    private volatile RuleTimer metrics = nanos -> { };
    private static final Logger LOG = LoggerFactory.getLogger(RulesVerticle.class);

    /** Alert lookup failures the HTTP API maps to status codes. */
    public static final class AlertException extends RuntimeException {
        private final int status;

        AlertException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** An alert with the events known for it, oldest first. */
    public record AlertView(Alert alert, List<AlertEvent> events) {}

    private final GatewayConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final DefaultTelemetryPipeline pipeline;
    private final InfluxAlertStore store;
    private final ZoneSource zones;
    private final RulesStatus status = new RulesStatus();
    private final EventLog log = new EventLog();
    private final LastSeenTracker lastSeen;
    private final TelemetryListener listener = this::onReadings;
    private Context ctx;
    private RuleEngine engine;
    private RulesReloader reloader;
    private final AlertHistory history;
    private final List<Long> timers = new ArrayList<>();
    private long failedReadings;

    public RulesVerticle(GatewayConfig config, Supplier<DeviceRegistry> registry, DefaultTelemetryPipeline pipeline,
                         InfluxAlertStore store, ZoneSource zones) {
        this.config = config;
        this.registry = registry;
        this.pipeline = pipeline;
        this.store = store;
        this.zones = zones;
        this.lastSeen = new LastSeenTracker(store);
        this.history = new AlertHistory(store);
    }

    @Override
    public Future<?> start() {
        ctx = context;
        try {
            vertx.eventBus().registerDefaultCodec(StreamEvent.class, new StreamEvent.LocalCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // another gateway on this Vert.x instance registered it
        }
        GatewayConfig.Alerts a = config.alerts();
        EngineOptions options = new EngineOptions(ZoneId.of(a.timeZone()), a.maxGapMs(), a.recentClosed());
        reloader = new RulesReloader(vertx, Path.of(config.rules()), Path.of(config.zones()), registry, zones);
        DeviceRegistry reg = registry.get();
        long since = System.currentTimeMillis() - a.restoreDays() * 86_400_000L;
        return vertx.executeBlocking(() -> {
            RulesReloader.RulesLoad rules = reloader.loadRules();
            if (!rules.result().ok()) {
                throw new IllegalStateException("rules not loaded:\n  " + String.join("\n  ",
                        rules.result().problems().stream().map(Object::toString).toList()));
            }
            ZoneIndex z = reloader.loadZones();
            warmUp();
            return new Loaded(rules, z, store.loadEvents(since), store.loadLastSeen());
        }, false).map(l -> {
            long now = System.currentTimeMillis();
            RuleSet set = l.rules().result().ruleSet();
            status.loaded(set, l.rules().files(), now);
            engine = new RuleEngine(set, reg, l.zones(), options);
            List<AlertEvent> orphans = engine.restore(l.history(), l.lastSeen());
            for (AlertEvent e : l.history()) if (engine.alerts().get(e.alertId()) != null) log.add(e);
            lastSeen.restored(l.lastSeen());
            publish(orphans);
            LOG.info("rules engine ready: {} rules, {} zones, {} open alerts restored from {} stored events, {} last-seen times",
                    set.size(), l.zones().all().size(), engine.alerts().openCount(), l.history().size(), l.lastSeen().size());
            openByLevel = countOpen();
            pipeline.addListener(listener);
            timers.add(vertx.setPeriodic(a.tickMs(), id -> tick()));
            timers.add(vertx.setPeriodic(a.lastSeenFlushMs(), id -> lastSeen.flush(engine.lastSeen())));
            if (a.reloadPollMs() > 0) {
                timers.add(vertx.setPeriodic(a.reloadPollMs(), id -> reloader.check(this::onRulesChanged, this::onZonesChanged)));
            }
            return null;
        });
    }

    private record Loaded(RulesReloader.RulesLoad rules, ZoneIndex zones, List<AlertEvent> history,
                          Map<String, Long> lastSeen) {}

    @Override
    public Future<?> stop() {
        pipeline.removeListener(listener);
        timers.forEach(vertx::cancelTimer);
        if (engine != null) lastSeen.flush(engine.lastSeen());
        return Future.succeededFuture();
    }

    /** Loads the JSON and line-protocol encoders once, so the first real alert is not slowed by class loading. */
    private static void warmUp() {
        AlertEvent e = new AlertEvent("warm-up", AlertEvent.Kind.RAISED, "d", "p", "e", "r", "rule", 1,
                dev.vigil.rules.Level.BLUE, null, 0, "m", Map.of("k", 1, "list", List.of(1.5)), null, null);
        AlertJson.event(e).encode();
        AlertLines.event(new StringBuilder(), e);
    }

    /** Called on the pipeline caller's thread: hop onto this context without blocking. */
    private void onReadings(List<Telemetry> readings) {
        ctx.runOnContext(v -> evaluate(readings));
    }

    private void evaluate(List<Telemetry> readings) {
        for (int i = 0; i < readings.size(); i++) {
            Telemetry t = readings.get(i);
            List<AlertEvent> events;
            try {
                long start = System.nanoTime();
                events = engine.onTelemetry(t);
                metrics.recordRuleEvaluation(System.nanoTime() - start);
            } catch (RuntimeException e) {
                if (failedReadings++ % 1000 == 0) {
                    LOG.error("rules failed on a reading of {} ({} failures so far)", t.device().id(), failedReadings, e);
                }
                continue;
            }
            if (!events.isEmpty()) publish(events);
        }
    }

    private void tick() {
        try {
            publish(engine.onTick(System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.error("rules tick failed", e);
        }
    }

    /** Stores, logs and publishes events (on this context). */
    private void publish(List<AlertEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            AlertEvent e = events.get(i);
            log.add(e);
            store.write(e);
            vertx.eventBus().publish(StreamEvent.ADDRESS, new StreamEvent(e, AlertJson.event(e).encode()));
            if (e.kind() != AlertEvent.Kind.ACKNOWLEDGED) LOG.info("alert {}: {}", e.kind(), e.message());
        }
        log.prune(engine.alerts());
        openByLevel = countOpen();
    }

    private Map<Level, Integer> countOpen() {
        Map<Level, Integer> m = new java.util.EnumMap<>(Level.class);
        for (Alert a : engine.alerts().open()) m.merge(a.level(), 1, Integer::sum);
        return m;
    }

    /** Open alerts by level, as of the last alert event (safe to read from any thread). */
    public Map<Level, Integer> openAlertsByLevel() {
        return openByLevel;
    }

    /** Where rule evaluation times go (the gateway's metrics); a no-op until set. */
    public void reportTo(RuleTimer timer) {
        this.metrics = timer;
    }

    /** Receives the duration of each reading's rule evaluation. */
    public interface RuleTimer {
        void recordRuleEvaluation(long nanos);
    }

    private void onRulesChanged(RulesReloader.RulesLoad load) {
        RuleSetLoader.Result r = load.result();
        long now = System.currentTimeMillis();
        if (!r.ok()) {
            status.refused(r.problems(), now);
            LOG.error("rule files changed but were refused; the previous rules keep running:\n  {}",
                    String.join("\n  ", r.problems().stream().map(Object::toString).toList()));
            return;
        }
        status.loaded(r.ruleSet(), load.files(), now);
        publish(engine.replaceRules(r.ruleSet(), now));
        LOG.info("rules reloaded: {} rules", r.ruleSet().size());
    }

    private void onZonesChanged(RulesReloader.ZonesLoad load) {
        status.zonesRefused(load.problem());
        if (load.index() == null) {
            LOG.error("zone files changed but were refused; the previous zones stay: {}", load.problem());
            return;
        }
        engine.replaceZones(load.index());
        LOG.info("zones reloaded: {} zones", load.index().all().size());
    }

    /** Runs {@code f} with the engine on this verticle's context. */
    private <T> Future<T> onEngine(Function<RuleEngine, T> f) {
        Promise<T> p = Promise.promise();
        ctx.runOnContext(v -> {
            try {
                p.complete(f.apply(engine));
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    /**
     * Alerts matching the filter, newest raised first: open and recently closed ones from the
     * engine, and (unless only open ones are asked for) older closed ones from InfluxDB.
     */
    public Future<List<Alert>> alerts(AlertFilter filter, int limit) {
        Future<List<Alert>> memory = onEngine(e -> {
            List<Alert> all = new ArrayList<>(e.alerts().open());
            all.addAll(e.alerts().recent());
            return filter.apply(all, Integer.MAX_VALUE);
        });
        if (filter.state() == AlertFilter.State.OPEN) return memory.map(l -> sorted(l, limit));
        Future<List<Alert>> stored = vertx.executeBlocking(() -> history.closed(filter, limit), false)
                .otherwise(t -> {
                    LOG.warn("closed alerts could not be read from InfluxDB, answering from memory: {}", t.getMessage());
                    return List.of();
                });
        return Future.all(memory, stored).map(v -> {
            Map<String, Alert> byId = new java.util.LinkedHashMap<>();
            for (Alert a : stored.result()) byId.put(a.alertId(), a);
            for (Alert a : memory.result()) byId.put(a.alertId(), a);
            return sorted(new ArrayList<>(byId.values()), limit);
        });
    }

    private static List<Alert> sorted(List<Alert> alerts, int limit) {
        List<Alert> l = new ArrayList<>(alerts);
        l.sort(Comparator.comparingLong(Alert::raisedAt).reversed().thenComparing(Alert::alertId));
        return l.size() > limit ? List.copyOf(l.subList(0, limit)) : l;
    }

    /** One alert and its events, from the engine or else from InfluxDB; fails with status 404 when unknown. */
    public Future<AlertView> alert(String id) {
        return onEngine(e -> {
            Alert a = e.alerts().get(id);
            return a == null ? null : new AlertView(a, log.events(id));
        }).compose(v -> v != null ? Future.succeededFuture(v) : vertx.executeBlocking(() -> {
            AlertView stored = history.byId(id);
            if (stored == null) throw new AlertException(404, "no alert '" + id + "'");
            return stored;
        }, false));
    }

    /**
     * Acknowledges an open or closed alert; fails with 404 when unknown and 409 when someone
     * acknowledged it already.
     */
    public Future<Alert> acknowledge(String id, String user, String comment) {
        return onEngine(e -> {
            Alert a = e.alerts().get(id);
            if (a == null) throw new AlertException(404, "no alert '" + id + "' (not open and not recently closed)");
            if (a.acknowledged()) {
                throw new AlertException(409, "alert '" + id + "' was already acknowledged by " + a.ackBy()
                        + " at " + java.time.Instant.ofEpochMilli(a.ackAt()));
            }
            AlertEvent ev = e.acknowledge(id, user, comment, System.currentTimeMillis());
            publish(List.of(ev));
            return e.alerts().get(id);
        });
    }

    /** The rule running now under {@code ruleId} for a device (as the engine evaluates it), or null. */
    public Future<dev.vigil.rules.model.Rule> ruleFor(String deviceId, String ruleId) {
        return onEngine(e -> {
            dev.vigil.profile.Device d = registry.get().byId(deviceId);
            if (d == null) return null;
            for (dev.vigil.rules.eval.CompiledRule c : status.rules().rulesFor(d)) if (c.rule().id().equals(ruleId)) return c.rule();
            return null;
        });
    }

    /** The running rules and the last reload's problems, as shown by {@code GET /api/rules}. */
    public Future<JsonObject> rulesStatus() {
        return onEngine(e -> status.toJson().put("open_alerts", e.alerts().openCount()).put("states", e.stateCount()));
    }

    /**
     * Swaps the registry (after the registry file changed); devices whose enterprise or region
     * changed get their scoped rules again, and alerts of rules that no longer apply are cleared.
     */
    public void replaceRegistry(DeviceRegistry next) {
        if (ctx != null) ctx.runOnContext(v -> publish(engine.replaceRegistry(next, System.currentTimeMillis())));
    }
}
