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
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.Level;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.WarmUp;
import dev.vigil.rules.zones.ZoneIndex;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the rules engine inside the gateway, on several rule contexts: devices are hashed onto
 * {@code alerts.rule_contexts} engines (engine state is per device, so a device always meets the
 * same engine), each on its own Vert.x worker context ({@link RuleShard}), so rule evaluation
 * scales with cores and never queues behind one thread. Readings hop there from the pipeline (the
 * gateway adds this verticle as a {@link TelemetryListener}) through a bounded queue per context,
 * a clock tick per context lets offline rules and durations elapse, and every alert event is
 * stored in InfluxDB and published (as JSON encoded once) to the live streams and the webhook. The
 * alert API and the rule status see all contexts as one engine. Start-up restores the engines from
 * the stored events ({@link AlertRestore}) and warms the rule code up ({@link WarmUp}, on a worker,
 * before the gateway can report ready) but writes nothing until {@link #activate()}: a gateway
 * that fails to start leaves the database as it was.
 */
public final class RulesVerticle extends VerticleBase implements TelemetryListener {
    private static final Logger LOG = LoggerFactory.getLogger(RulesVerticle.class);
    /** Readings per profile the start-up warm-up evaluates (unless its time budget runs out first). */
    static final int WARM_UP_READINGS = 50_000;
    /** At most one log line per this many milliseconds about readings dropped by full rule queues. */
    private static final long DROP_LOG_MS = 10_000;

    /** Receives the duration of each reading's rule evaluation. */
    public interface RuleTimer {
        void recordRuleEvaluation(long nanos);
    }

    private final GatewayConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final InfluxAlertStore store;
    private final ZoneSource zones;
    private final RulesStatus status = new RulesStatus();
    private final List<Long> timers = new ArrayList<>();
    private final AtomicLong lastDropLog = new AtomicLong();
    private volatile RuleTimer timer = nanos -> { };
    /** Cluster mode: where alert events go (the alerts topic) instead of the store and the local stream; null on a single node. */
    private volatile java.util.function.Consumer<AlertEvent> output;
    private volatile AlertQueries answerFrom;
    private RuleShard[] shards = new RuleShard[0];
    /** Per event-loop thread: readings staged for the rule contexts until the end of the loop's turn. */
    private final ThreadLocal<Staging> staging = ThreadLocal.withInitial(Staging::new);
    private RulesReloader reloader;

    public RulesVerticle(GatewayConfig config, Supplier<DeviceRegistry> registry, InfluxAlertStore store, ZoneSource zones) {
        this.config = config;
        this.registry = registry;
        this.store = store;
        this.zones = zones;
    }

    /** The number of rule contexts for a setting: 0 means one per available core; at least 1. */
    static int contexts(int setting) {
        return Math.max(1, setting > 0 ? setting : Runtime.getRuntime().availableProcessors());
    }

    /** The rule context of a device: a hash of its id. */
    public static int shardOf(String deviceId, int n) {
        if (n == 1) return 0;
        int h = deviceId.hashCode();
        return Math.floorMod(h ^ (h >>> 16), n);
    }

    @Override
    public Future<?> start() {
        StreamEvent.registerCodec(vertx);
        GatewayConfig.Alerts a = config.alerts();
        int n = contexts(a.ruleContexts());
        // the closed alerts kept in memory are shared out, so memory stays as configured
        EngineOptions options = new EngineOptions(ZoneId.of(a.timeZone()), a.maxGapMs(), (a.recentClosed() + n - 1) / n);
        reloader = new RulesReloader(vertx, Path.of(config.rules()), Path.of(config.zones()), registry, zones);
        DeviceRegistry reg = registry.get();
        long since = System.currentTimeMillis() - a.restoreMs();
        RuleShard[] made = new RuleShard[n];
        for (int i = 0; i < n; i++) made[i] = new RuleShard(i, this, store, a.ruleQueue());
        DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                .setWorkerPoolName("vigil-rules").setWorkerPoolSize(n);
        List<Future<String>> deployed = new ArrayList<>();
        for (RuleShard s : made) deployed.add(vertx.deployVerticle(s, worker));
        boolean clustered = output != null;
        Future<AlertRestore> loaded = vertx.executeBlocking(() -> {
            // in cluster mode a device's state comes with its partition (the state topic), not from InfluxDB at start
            AlertRestore restore = clustered ? AlertRestore.rulesOnly(reloader) : AlertRestore.load(reloader, store, since);
            warmUp(restore.rules().result().ruleSet(), reg, restore.zones(), options, a.warmupMs());
            return restore;
        }, false);
        return Future.all(deployed).compose(v -> loaded).compose(l -> {
            shards = made;
            RuleSet set = l.rules().result().ruleSet();
            status.loaded(set, l.rules().files(), System.currentTimeMillis());
            return restore(l, set, reg, options).map(v -> {
                int open = 0;
                for (RuleShard s : shards) for (int c : s.openByLevel().values()) open += c;
                LOG.info("rules engine ready on {} rule context(s): {} rules, {} zones, {} open alerts restored from {} stored events,"
                        + " {} last-seen times", n, set.size(), l.zones().all().size(), open, l.history().size(), l.lastSeen().size());
                return null;
            });
        });
    }

    /** Gives each context its engine, restored from the stored events and last-seen times of its devices. */
    private Future<Void> restore(AlertRestore l, RuleSet set, DeviceRegistry reg, EngineOptions options) {
        int n = shards.length;
        List<List<AlertEvent>> history = new ArrayList<>();
        List<Map<String, Long>> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            history.add(new ArrayList<>());
            seen.add(new HashMap<>());
        }
        long now = Long.MIN_VALUE;
        for (AlertEvent e : l.history()) {
            history.get(shardOf(e.deviceId(), n)).add(e);
            now = Math.max(now, e.time());
        }
        for (Map.Entry<String, Long> e : l.lastSeen().entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            seen.get(shardOf(slash < 0 ? key : key.substring(0, slash), n)).put(key, e.getValue());
            if (slash < 0) now = Math.max(now, e.getValue());
        }
        long notBefore = now;
        List<Future<Void>> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<AlertEvent> h = history.get(i);
            Map<String, Long> s = seen.get(i);
            RuleEngine engine = new RuleEngine(set, reg, l.zones(), options);
            done.add(shards[i].init(engine, e -> e.restore(h, s, notBefore), h, s));
        }
        return Future.all(done).mapEmpty();
    }

    /**
     * Called by the gateway once every part has started: stores and publishes the events held
     * back since start-up and starts the clocks, the last-seen flushes and the file watch.
     */
    public Future<Void> activate() {
        GatewayConfig.Alerts a = config.alerts();
        List<Future<Void>> all = new ArrayList<>();
        for (RuleShard s : shards) all.add(s.activate(a.tickMs(), a.lastSeenFlushMs()));
        return Future.all(all).map(v -> {
            if (a.reloadPollMs() > 0) {
                context.runOnContext(x -> timers.add(vertx.setPeriodic(a.reloadPollMs(),
                        id -> reloader.check(this::onRulesChanged, this::onZonesChanged))));
            }
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        return Future.succeededFuture();
    }

    /**
     * Cluster mode: alert events go to {@code out} (the alerts topic) instead of InfluxDB and the
     * local stream, and engines start empty (devices arrive with their partitions). Call before deploying.
     */
    public void clustered(java.util.function.Consumer<AlertEvent> out) {
        this.output = out;
    }

    java.util.function.Consumer<AlertEvent> output() {
        return output;
    }

    /**
     * Cluster checkpoint: evaluates every reading handed over so far, then returns the state of each
     * device that changed since the last checkpoint (device id → {@link dev.vigil.rules.DeviceState} bytes).
     */
    public Future<Map<String, byte[]>> exportChanged() {
        return onEngines(RuleShard::exportChanged).map(parts -> {
            Map<String, byte[]> all = new java.util.LinkedHashMap<>();
            for (Map<String, byte[]> p : parts) all.putAll(p);
            return all;
        });
    }

    /** Drops every state of these devices (their partitions moved to another gateway); emits nothing. */
    public Future<Void> forget(java.util.Collection<String> deviceIds) {
        return onEngines(s -> {
            for (String id : deviceIds) if (shardOf(id, shards.length) == indexOf(s)) s.engine().forgetDevice(id);
            s.refreshOpen();
            return null;
        }).mapEmpty();
    }

    /**
     * Takes devices over (their partitions came to this gateway): imports each device's state from
     * its last checkpoint, then the alert events other gateways emitted for it, so that an alert
     * raised or cleared after that checkpoint is neither raised again nor left open.
     */
    public Future<Void> importStates(Map<String, byte[]> states, Map<String, List<AlertEvent>> events) {
        return onEngines(s -> {
            int me = indexOf(s);
            for (Map.Entry<String, byte[]> e : states.entrySet()) {
                if (shardOf(e.getKey(), shards.length) != me) continue;
                try {
                    s.engine().importDevice(dev.vigil.rules.DeviceState.fromBytes(e.getValue()));
                } catch (IllegalArgumentException bad) {
                    LOG.error("rule state of {} not restored (it starts afresh): {}", e.getKey(), bad.getMessage());
                }
            }
            for (Map.Entry<String, List<AlertEvent>> e : events.entrySet()) {
                if (shardOf(e.getKey(), shards.length) == me) s.engine().applyAlertEvents(e.getKey(), e.getValue());
            }
            s.refreshOpen();
            return null;
        }).mapEmpty();
    }

    private int indexOf(RuleShard s) {
        for (int i = 0; i < shards.length; i++) if (shards[i] == s) return i;
        return -1;
    }

    /** The queries the HTTP API answers from (engines first, InfluxDB for older closed alerts; in cluster mode the alert log's). */
    public AlertQueries queries() {
        AlertQueries q = answerFrom;
        return q != null ? q : engineQueries();
    }

    /** The queries of this gateway's own engines (in cluster mode: the devices of its partitions only). */
    public AlertQueries engineQueries() {
        return new EngineAlertQueries(this, new AlertHistory(store), status);
    }

    /** Cluster mode: every caller of {@link #queries()} (alert API, history, console) answers from the whole cluster's alerts. */
    public void answerFrom(AlertQueries clusterQueries) {
        this.answerFrom = clusterQueries;
    }

    /**
     * Warms the rule code up before the gateway reports ready: loads the JSON encoder and runs
     * every compiled rule over synthetic readings of each profile in a throwaway engine, whose
     * events are dropped (nothing is published or stored). Runs on a worker.
     */
    private static void warmUp(RuleSet set, DeviceRegistry reg, ZoneIndex zones, EngineOptions options, long budgetMs) {
        AlertEvent e = new AlertEvent("warm-up", AlertEvent.Kind.RAISED, "d", "p", "e", "r", "rule", 1,
                Level.BLUE, null, 0, "m", Map.of("k", 1, "list", List.of(1.5)), null, null);
        AlertJson.event(e).encode();
        if (budgetMs <= 0) return;
        WarmUp.Result r = WarmUp.run(set, reg.profiles().values(), reg.devices(), zones, options, WARM_UP_READINGS, budgetMs * 1_000_000L,
                ev -> AlertJson.event(ev).encode());
        LOG.info("rules warmed up: {} synthetic readings, {} alert events encoded and dropped, in {} ms", r.readings(), r.events(),
                r.nanos() / 1_000_000);
    }

    /**
     * Called on the pipeline caller's thread: hands each reading to its device's rule context without blocking.
     * On an event loop the readings are staged and handed over once per turn of the loop ({@link Staging}): one
     * wake-up of a rule context per burst of network reads instead of one per message, which was a futex call
     * per reading. Elsewhere (Californium, the Modbus poller, the cluster's rules consumer) they go at once.
     */
    @Override
    public void onTelemetry(List<Telemetry> readings) {
        RuleShard[] s = shards;
        if (s.length == 0) return;
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            io.vertx.core.Context ctx = Vertx.currentContext();
            if (ctx != null) {
                staging.get().add(s, readings, ctx);
                return;
            }
        }
        handOver(s, readings);
    }

    private static void handOver(RuleShard[] s, List<Telemetry> readings) {
        int n = s.length;
        if (n == 1) {
            s[0].offer(readings);
            return;
        }
        if (readings.size() == 1) {
            s[shardOf(readings.get(0).device().id(), n)].offer(readings);
            return;
        }
        List<List<Telemetry>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) parts.add(null);
        for (int i = 0; i < readings.size(); i++) {
            Telemetry t = readings.get(i);
            int k = shardOf(t.device().id(), n);
            List<Telemetry> p = parts.get(k);
            if (p == null) parts.set(k, p = new ArrayList<>());
            p.add(t);
        }
        for (int i = 0; i < n; i++) if (parts.get(i) != null) s[i].offer(parts.get(i));
    }

    /**
     * The readings one event-loop thread validated in the current turn of its loop, per rule context; handed
     * over by one task queued behind the loop's current I/O (microseconds later, in arrival order). Confined to
     * its thread.
     */
    private static final class Staging {
        private RuleShard[] shards = new RuleShard[0];
        private List<Telemetry>[] parts;
        private boolean scheduled;

        @SuppressWarnings("unchecked")
        void add(RuleShard[] s, List<Telemetry> readings, io.vertx.core.Context ctx) {
            if (s != shards) {
                flush(); // the rule contexts were replaced: what was staged goes to the old ones, as it would have
                shards = s;
                parts = new List[s.length];
            }
            int n = s.length;
            for (int i = 0; i < readings.size(); i++) {
                Telemetry t = readings.get(i);
                int k = n == 1 ? 0 : shardOf(t.device().id(), n);
                List<Telemetry> p = parts[k];
                if (p == null) parts[k] = p = new ArrayList<>();
                p.add(t);
            }
            if (!scheduled) {
                scheduled = true;
                ctx.runOnContext(v -> flush());
            }
        }

        void flush() {
            scheduled = false;
            if (parts == null) return;
            for (int i = 0; i < parts.length; i++) {
                List<Telemetry> p = parts[i];
                if (p != null) {
                    parts[i] = null;
                    shards[i].offer(p);
                }
            }
        }
    }

    /** A context's queue was full: {@code count} readings are stored but not evaluated; logged at most every 10 s. */
    void dropped(int shard, int limit, int count) {
        long now = System.currentTimeMillis();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_MS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("rule context {} is {} readings behind: {} readings were stored but NOT evaluated by the rules ({} so far)",
                    shard, limit, count, droppedReadings());
        }
    }

    /** Readings stored but not evaluated because a rule context's queue was full (any thread). */
    public long droppedReadings() {
        long n = 0;
        for (RuleShard s : shards) n += s.dropped();
        return n;
    }

    /** Readings waiting for rule evaluation over all contexts (any thread). */
    public long queuedReadings() {
        long n = 0;
        for (RuleShard s : shards) n += s.queued();
        return n;
    }

    /** Number of rule contexts. */
    public int contextCount() {
        return shards.length;
    }

    RuleTimer timer() {
        return timer;
    }

    /** Open alerts by level over all contexts, as of their last alert events (safe to read from any thread). */
    public Map<Level, Integer> openAlertsByLevel() {
        Map<Level, Integer> m = new EnumMap<>(Level.class);
        for (RuleShard s : shards) for (Map.Entry<Level, Integer> e : s.openByLevel().entrySet()) m.merge(e.getKey(), e.getValue(), Integer::sum);
        return m;
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
        for (RuleShard s : shards) s.run(e -> publishFrom(s, e.replaceRules(r.ruleSet(), now)));
        LOG.info("rules reloaded: {} rules", r.ruleSet().size());
    }

    private void onZonesChanged(RulesReloader.ZonesLoad load) {
        status.zonesRefused(load.problem());
        if (load.index() == null) {
            LOG.error("zone files changed but were refused; the previous zones stay: {}", load.problem());
            return;
        }
        for (RuleShard s : shards) s.run(e -> {
            e.replaceZones(load.index());
            return null;
        });
        LOG.info("zones reloaded: {} zones", load.index().all().size());
    }

    private static Void publishFrom(RuleShard s, List<AlertEvent> events) {
        s.publish(events);
        return null;
    }

    /** Runs {@code f} on every context with its engine; the results in context order. */
    <T> Future<List<T>> onEngines(Function<RuleShard, T> f) {
        List<Future<T>> all = new ArrayList<>(shards.length);
        for (RuleShard s : shards) all.add(s.run(e -> f.apply(s)));
        return Future.all(all).map(c -> {
            List<T> out = new ArrayList<>(all.size());
            for (Future<T> x : all) out.add(x.result());
            return out;
        });
    }

    /** The Vert.x instance this verticle runs on (for the queries' worker calls). */
    Vertx vertx() {
        return vertx;
    }

    /** The rule running now under {@code ruleId} for a device (as the engine evaluates it), or null. */
    public Future<dev.vigil.rules.model.Rule> ruleFor(String deviceId, String ruleId) {
        dev.vigil.profile.Device d = registry.get().byId(deviceId);
        if (d == null || shards.length == 0) return Future.succeededFuture(null);
        return shards[shardOf(deviceId, shards.length)].run(e -> {
            for (dev.vigil.rules.eval.CompiledRule c : status.rules().rulesFor(d)) if (c.rule().id().equals(ruleId)) return c.rule();
            return null;
        });
    }

    /**
     * Swaps the registry (after the registry file changed); devices whose enterprise or region
     * changed get their scoped rules again, and alerts of devices no longer registered are cleared.
     */
    public Future<Void> replaceRegistry(DeviceRegistry next) {
        long now = System.currentTimeMillis();
        return onEngines(s -> publishFrom(s, s.engine().replaceRegistry(next, now))).mapEmpty();
    }
}
