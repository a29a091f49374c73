package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.alerts.StreamEvent;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.rules.RuleEngine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One rule context: a rule engine for the devices hashed onto it, on its own Vert.x worker context
 * (the {@link RulesVerticle} deploys one per configured context). Everything here is confined to
 * that context except the queue counters and {@link #openByLevel()}, which any thread may read.
 *
 * <p>Its input is bounded: {@link #offer} refuses a batch when {@code queueLimit} readings are
 * already waiting, and the refused readings are counted (they are stored already; only their
 * rule evaluation is lost, so the count is a metric and a log line, never silent).
 */
final class RuleShard extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(RuleShard.class);
    /** Batches one drain task evaluates before it yields the context. */
    private static final int DRAIN_BATCHES = 512;

    private final int index;
    private final RulesVerticle host;
    private final InfluxAlertStore store;
    private final int queueLimit;
    private final EventLog log = new EventLog();
    private final LastSeenTracker lastSeen;
    private final List<AlertEvent> held = new ArrayList<>();
    private final List<Long> timers = new ArrayList<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Batches offered and not yet evaluated, oldest first; drained on this context by one task at a time. */
    private final java.util.concurrent.ConcurrentLinkedQueue<List<Telemetry>> inbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final LongAdder dropped = new LongAdder();
    private volatile Map<Level, Integer> openByLevel = Map.of();
    private Context ctx;
    private RuleEngine engine;
    private boolean active;
    private long failedReadings;

    RuleShard(int index, RulesVerticle host, InfluxAlertStore store, int queueLimit) {
        this.index = index;
        this.host = host;
        this.store = store;
        this.queueLimit = queueLimit;
        this.lastSeen = new LastSeenTracker(store);
    }

    @Override
    public Future<?> start() {
        ctx = context;
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        if (engine != null && active) lastSeen.flush(engine.lastSeen());
        return Future.succeededFuture();
    }

    /** Sets up the engine (restored by the caller's function) on this context; returns its orphan events. */
    Future<Void> init(RuleEngine e, Function<RuleEngine, List<AlertEvent>> restore, List<AlertEvent> history,
                      Map<String, Long> restoredSeen) {
        return run(x -> {
            engine = e;
            List<AlertEvent> orphans = restore.apply(e);
            for (AlertEvent ev : history) if (e.alerts().get(ev.alertId()) != null) log.add(ev);
            lastSeen.restored(restoredSeen);
            publish(orphans);
            openByLevel = countOpen();
            return null;
        });
    }

    /** Starts writing: stores and publishes the events held back since start-up; starts the clock and the last-seen flush. */
    Future<Void> activate(long tickMs, long lastSeenFlushMs) {
        return run(e -> {
            active = true;
            List<AlertEvent> pending = List.copyOf(held);
            held.clear();
            publish(pending);
            timers.add(vertx.setPeriodic(tickMs, id -> tick()));
            timers.add(vertx.setPeriodic(lastSeenFlushMs, id -> lastSeen.flush(engine.lastSeen())));
            return null;
        });
    }

    /**
     * Queues readings for evaluation on this context, from any thread; false (and counted as
     * dropped) when the queue is full.
     */
    boolean offer(List<Telemetry> readings) {
        int n = readings.size();
        if (queued.addAndGet(n) > queueLimit) {
            queued.addAndGet(-n);
            dropped.add(n);
            host.dropped(index, queueLimit, n);
            return false;
        }
        inbox.add(readings);
        // one task drains whatever has queued up meanwhile: no thread hand-off per reading
        if (draining.compareAndSet(false, true)) ctx.runOnContext(v -> drain());
        return true;
    }

    /** Evaluates the queued batches on this context, yielding after {@link #DRAIN_BATCHES} so ticks and API calls interleave. */
    private void drain() {
        int done = 0;
        List<Telemetry> batch;
        while ((batch = inbox.poll()) != null) {
            try {
                evaluate(batch);
            } finally {
                queued.addAndGet(-batch.size());
            }
            if (++done == DRAIN_BATCHES) {
                ctx.runOnContext(v -> drain());
                return;
            }
        }
        draining.set(false);
        // a batch offered between the last poll and the reset above must not wait for the next offer
        if (!inbox.isEmpty() && draining.compareAndSet(false, true)) ctx.runOnContext(v -> drain());
    }

    private void evaluate(List<Telemetry> readings) {
        RulesVerticle.RuleTimer timer = host.timer();
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

    /** Stores, logs and publishes events (on this context); before {@link #activate} they are held back. */
    void publish(List<AlertEvent> events) {
        if (events.isEmpty()) return;
        if (!active) {
            held.addAll(events);
            return;
        }
        java.util.function.Consumer<AlertEvent> out = host.output();
        for (int i = 0; i < events.size(); i++) {
            AlertEvent e = events.get(i);
            log.add(e);
            if (out != null) {
                out.accept(e); // cluster mode: to the alerts topic; every gateway stores and streams from there
            } else {
                store.write(e);
                vertx.eventBus().publish(StreamEvent.ADDRESS, new StreamEvent(e, AlertJson.event(e).encode()));
            }
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

    /** Recounts the open alerts (after devices were imported or forgotten; on this context). */
    void refreshOpen() {
        openByLevel = countOpen();
    }

    /** Open alerts by level, as of this context's last alert event (any thread). */
    Map<Level, Integer> openByLevel() {
        return openByLevel;
    }

    /** The engine (only on this context). */
    RuleEngine engine() {
        return engine;
    }

    /** The alert events kept in memory for {@code alertId}, oldest first (on this context). */
    List<AlertEvent> eventsOf(String alertId) {
        return log.events(alertId);
    }

    /** Evaluates every queued batch now (on this context): a checkpoint must see all readings handed over before it. */
    void drainNow() {
        List<Telemetry> batch;
        while ((batch = inbox.poll()) != null) {
            try {
                evaluate(batch);
            } finally {
                queued.addAndGet(-batch.size());
            }
        }
    }

    /** Ids of devices whose state changed since the last call, with their state as bytes (on this context; cluster checkpoints). */
    java.util.Map<String, byte[]> exportChanged() {
        drainNow();
        java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        for (String id : engine.takeChangedDevices()) {
            dev.vigil.rules.DeviceState st = engine.exportDevice(id);
            if (st != null) out.put(id, st.toBytes());
        }
        return out;
    }

    /** Readings waiting for evaluation (any thread). */
    int queued() {
        return queued.get();
    }

    /** Readings refused because the queue was full (any thread). */
    long dropped() {
        return dropped.sum();
    }

    /** Runs {@code f} with the engine on this context. */
    <T> Future<T> run(Function<RuleEngine, T> f) {
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
}
