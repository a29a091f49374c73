package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.alerts.AlertHistory;
import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.gateway.alerts.AlertQueries;
import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.alerts.StreamEvent;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.pipeline.TelemetryListener;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.Level;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.RuleSetLoader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the rules engine inside the gateway. The engine is single-threaded and lives on this
 * verticle's context: readings hop here from the pipeline (the gateway adds this verticle as a
 * {@link TelemetryListener}), a clock tick lets offline rules and durations elapse, and every alert
 * event is stored in InfluxDB and published (as JSON encoded once) to the live streams and the
 * webhook. Start-up restores the engine from the stored events ({@link AlertRestore}) but writes
 * nothing until {@link #activate()}: a gateway that fails to start leaves the database as it was.
 */
public final class RulesVerticle extends VerticleBase implements TelemetryListener {
    private static final Logger LOG = LoggerFactory.getLogger(RulesVerticle.class);

    /** Receives the duration of each reading's rule evaluation. */
    public interface RuleTimer {
        void recordRuleEvaluation(long nanos);
    }

    private final GatewayConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final InfluxAlertStore store;
    private final ZoneSource zones;
    private final RulesStatus status = new RulesStatus();
    private final EventLog log = new EventLog();
    private final LastSeenTracker lastSeen;
    private final List<Long> timers = new ArrayList<>();
    private final List<AlertEvent> held = new ArrayList<>();
    private volatile Map<Level, Integer> openByLevel = Map.of();
    private volatile RuleTimer timer = nanos -> { };
    private Context ctx;
    private RuleEngine engine;
    private RulesReloader reloader;
    private boolean active;
    private long failedReadings;

    public RulesVerticle(GatewayConfig config, Supplier<DeviceRegistry> registry, InfluxAlertStore store, ZoneSource zones) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.zones = zones;
        this.lastSeen = new LastSeenTracker(store);
    }

    @Override
    public Future<?> start() {
        ctx = context;
        StreamEvent.registerCodec(vertx);
        GatewayConfig.Alerts a = config.alerts();
        EngineOptions options = new EngineOptions(ZoneId.of(a.timeZone()), a.maxGapMs(), a.recentClosed());
        reloader = new RulesReloader(vertx, Path.of(config.rules()), Path.of(config.zones()), registry, zones);
        DeviceRegistry reg = registry.get();
        long since = System.currentTimeMillis() - a.restoreMs();
        return vertx.executeBlocking(() -> {
            AlertRestore restore = AlertRestore.load(reloader, store, since);
            warmUp();
            return restore;
        }, false).map(l -> {
            RuleSet set = l.rules().result().ruleSet();
            status.loaded(set, l.rules().files(), System.currentTimeMillis());
            engine = new RuleEngine(set, reg, l.zones(), options);
            List<AlertEvent> orphans = engine.restore(l.history(), l.lastSeen());
            for (AlertEvent e : l.history()) if (engine.alerts().get(e.alertId()) != null) log.add(e);
            lastSeen.restored(l.lastSeen());
            publish(orphans);
            LOG.info("rules engine ready: {} rules, {} zones, {} open alerts restored from {} stored events, {} last-seen times",
                    set.size(), l.zones().all().size(), engine.alerts().openCount(), l.history().size(), l.lastSeen().size());
            openByLevel = countOpen();
            return null;
        });
    }

    /**
     * Called by the gateway once every part has started: stores and publishes the events held
     * back since start-up and starts the clock, the last-seen flush and the file watch.
     */
    public Future<Void> activate() {
        return onEngine(e -> {
            active = true;
            List<AlertEvent> pending = List.copyOf(held);
            held.clear();
            publish(pending);
            GatewayConfig.Alerts a = config.alerts();
            timers.add(vertx.setPeriodic(a.tickMs(), id -> tick()));
            timers.add(vertx.setPeriodic(a.lastSeenFlushMs(), id -> lastSeen.flush(engine.lastSeen())));
            if (a.reloadPollMs() > 0) {
                timers.add(vertx.setPeriodic(a.reloadPollMs(), id -> reloader.check(this::onRulesChanged, this::onZonesChanged)));
            }
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        if (engine != null && active) lastSeen.flush(engine.lastSeen());
        return Future.succeededFuture();
    }

    /** The queries the HTTP API answers from (engine first, InfluxDB for older closed alerts). */
    public AlertQueries queries() {
        return new EngineAlertQueries(this, new AlertHistory(store), status);
    }

    /** Loads the JSON encoder once, so the first real alert is not slowed by class loading. */
    private static void warmUp() {
        AlertEvent e = new AlertEvent("warm-up", AlertEvent.Kind.RAISED, "d", "p", "e", "r", "rule", 1,
                Level.BLUE, null, 0, "m", Map.of("k", 1, "list", List.of(1.5)), null, null);
        AlertJson.event(e).encode();
    }

    /** Called on the pipeline caller's thread: hop onto this context without blocking. */
    @Override
    public void onTelemetry(List<Telemetry> readings) {
        ctx.runOnContext(v -> evaluate(readings));
    }

    private void evaluate(List<Telemetry> readings) {
        for (int i = 0; i < readings.size(); i++) {
            Telemetry t = readings.get(i);
            List<AlertEvent> events;
            try {
                long start = System.nanoTime();
                events = engine.onTelemetry(t);
                timer.recordRuleEvaluation(System.nanoTime() - start);
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

    /** Stores, logs and publishes events (on this context); before {@link #activate()} they are held back. */
    void publish(List<AlertEvent> events) {
        if (!active) {
            held.addAll(events);
            return;
        }
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
        Map<Level, Integer> m = new EnumMap<>(Level.class);
        for (Alert a : engine.alerts().open()) m.merge(a.level(), 1, Integer::sum);
        return m;
    }

    /** Open alerts by level, as of the last alert event (safe to read from any thread). */
    public Map<Level, Integer> openAlertsByLevel() {
        return openByLevel;
    }

    /** Where rule evaluation times go (the gateway's metrics); a no-op until set. */
    public void reportTo(RuleTimer t) {
        this.timer = t;
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
    <T> Future<T> onEngine(Function<RuleEngine, T> f) {
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

    /** The Vert.x instance this verticle runs on (for the queries' worker calls). */
    Vertx vertx() {
        return vertx;
    }

    /** The alert events kept in memory for {@code alertId}, oldest first (on this context). */
    List<AlertEvent> eventsOf(String alertId) {
        return log.events(alertId);
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

    /**
     * Swaps the registry (after the registry file changed); devices whose enterprise or region
     * changed get their scoped rules again, and alerts of devices no longer registered are cleared.
     */
    public Future<Void> replaceRegistry(DeviceRegistry next) {
        return onEngine(e -> {
            publish(e.replaceRegistry(next, System.currentTimeMillis()));
            return null;
        });
    }
}
