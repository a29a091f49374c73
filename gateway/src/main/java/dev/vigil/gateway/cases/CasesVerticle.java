package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.CaseEvent;
import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.alerts.StreamEvent;
import dev.vigil.gateway.auth.Role;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Owns the {@link CaseBook} on its own context, apart from the rules: it follows the alert events
 * the rules publish ({@link StreamEvent#ADDRESS}), checks deadlines every {@code cases.tick_ms},
 * makes the transitions the API asks for, and stores every case step in InfluxDB (in the alert
 * event chain) before publishing it to the live streams and the webhook.
 *
 * <p>At start it rebuilds the book from the alert events and case steps of the last
 * {@code cases.restore_ms} (and those of older alerts that are still open); it writes nothing until {@link #activate()} (called once the gateway
 * holds its database), which first escalates the deadlines that passed while the gateway was down.
 */
public final class CasesVerticle extends VerticleBase implements CaseService {
    private static final Logger LOG = LoggerFactory.getLogger(CasesVerticle.class);
    private static final long COUNT_EVERY_MS = 10_000;

    private final CasesConfig config;
    private final InfluxAlertStore store;
    private final CaseBook book;
    private final LongSupplier clock;
    private Context context;
    private MessageConsumer<StreamEvent> consumer;
    private boolean active;
    private final List<AlertEvent> held = new ArrayList<>();
    private long timer = -1;
    /** Open and overdue cases per level as of the last deadline check, for the metrics (any thread). */
    private volatile Map<Level, Integer> open = Map.of();
    private volatile Map<Level, Integer> overdue = Map.of();
    private long ticks;
    private boolean changed = true;
    /** Cluster mode: where case steps go (the alerts topic); null on a single node. */
    private java.util.function.Consumer<CaseEvent> clusterOut;
    /** Cluster mode: whether this gateway makes the automatic steps now (it writes the alert log). */
    private java.util.function.BooleanSupplier leader = () -> true;

    /**
     * @param clock the time of transitions and deadline checks (tests pass a controllable one)
     */
    public CasesVerticle(CasesConfig config, Deadlines deadlines, InfluxAlertStore store, LongSupplier clock) {
        this.config = config;
        this.store = store;
        this.book = new CaseBook(deadlines);
        this.clock = clock;
    }

    /**
     * Cluster mode (call before deploying): the book follows the cluster's alert log (history, then
     * live: {@link StreamEvent#LOG_ADDRESS}) instead of restoring from InfluxDB; a transition made
     * here goes to the log ({@code out}), which stores it once and brings it to every gateway; the
     * automatic steps (escalations, auto_close) are made only by the gateway that {@code leader} names.
     */
    public void clustered(java.util.function.Consumer<CaseEvent> out, java.util.function.BooleanSupplier isLeader) {
        this.clusterOut = out;
        this.leader = isLeader;
    }

    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        StreamEvent.registerCodec(vertx);
        if (clusterOut != null) {
            consumer = vertx.eventBus().localConsumer(StreamEvent.LOG_ADDRESS, m -> {
                StreamEvent se = m.body();
                long now = clock.getAsLong();
                if (se.event() != null) {
                    book.onAlert(se.event(), now, false); // automatic steps come from the leader, through the log
                } else if (se.caseEvent() != null) {
                    book.restore(se.caseEvent()); // a step made here already is recognised and skipped
                }
                changed = true;
            });
            return consumer.completion();
        }
        long since = clock.getAsLong() - config.restoreMs();
        return vertx.executeBlocking(() -> {
            // the window, plus every event of alerts raised earlier that are still open
            List<AlertEvent> alerts = store.loadEvents(since);
            List<CaseEvent> steps = new ArrayList<>(store.caseEvents("time >= " + since + "ms"));
            java.util.Set<String> older = new java.util.TreeSet<>();
            for (AlertEvent e : alerts) if (e.time() < since) older.add(e.alertId());
            for (String id : older) {
                steps.addAll(store.caseEvents("alert_id = " + InfluxAlertStore.literal(id) + " AND time < " + since + "ms"));
            }
            return new Object[] {alerts, steps};
        }, false).recover(influxDown -> {
            // as for the open alerts: with the spool the gateway must start while InfluxDB is down (no crash loop)
            LOG.error("cases: NOT restored (cases of earlier alerts are unknown until a restart with InfluxDB up): {}",
                    influxDown.getMessage());
            return Future.succeededFuture(new Object[] {List.of(), List.of()});
        }).compose(loaded -> {
            @SuppressWarnings("unchecked") List<AlertEvent> alerts = (List<AlertEvent>) loaded[0];
            @SuppressWarnings("unchecked") List<CaseEvent> steps = (List<CaseEvent>) loaded[1];
            restore(alerts, steps);
            LOG.info("cases: {} restored from {} alert events and {} case steps", book.size(), alerts.size(), steps.size());
            consumer = vertx.eventBus().localConsumer(StreamEvent.ADDRESS, m -> {
                AlertEvent e = m.body().event();
                if (e == null) return; // our own case steps
                if (!active) held.add(e);
                else emit(book.onAlert(e, clock.getAsLong(), true));
            });
            return consumer.completion();
        });
    }

    /** Alert events first at equal times: a case exists before its first step. */
    private void restore(List<AlertEvent> alerts, List<CaseEvent> steps) {
        record Item(long time, int order, Object event) {}
        List<Item> items = new ArrayList<>(alerts.size() + steps.size());
        for (AlertEvent e : alerts) items.add(new Item(e.time(), 0, e));
        for (CaseEvent e : steps) items.add(new Item(e.time(), 1, e));
        items.sort(Comparator.comparingLong(Item::time).thenComparingInt(Item::order));
        long now = clock.getAsLong();
        for (Item i : items) {
            if (i.event() instanceof AlertEvent e) book.onAlert(e, now, false);
            else book.restore((CaseEvent) i.event());
        }
    }

    /**
     * Starts writing: closes cleared auto_close cases left open, escalates what fell due while the
     * gateway was down, applies the alert events that arrived meanwhile and starts the deadline check.
     */
    public Future<Void> activate() {
        if (clusterOut != null) {
            return onContext(() -> {
                active = true;
                timer = vertx.setPeriodic(config.tickMs(), id -> tick());
                return null;
            });
        }
        return onContext(() -> {
            active = true;
            long now = clock.getAsLong();
            emit(book.catchUp(now));
            for (AlertEvent e : held) emit(book.onAlert(e, now, true));
            held.clear();
            timer = vertx.setPeriodic(config.tickMs(), id -> tick());
            return null;
        });
    }

    private void tick() {
        try {
            long now = clock.getAsLong();
            if (clusterOut == null) {
                emit(book.overdue(now));
            } else if (leader.getAsBoolean()) {
                // the log's writer closes cleared auto_close cases and escalates; the others follow its steps
                emit(book.catchUp(now));
            }
            book.prune(now - config.restoreMs());
            // recount after a step (an escalation is when a case turns overdue), else about every 10 s
            if (changed || ticks++ % Math.max(1, COUNT_EVERY_MS / config.tickMs()) == 0) {
                Map<Level, Integer>[] counts = book.openByLevel(now);
                open = counts[0];
                overdue = counts[1];
                changed = false;
            }
        } catch (RuntimeException e) {
            LOG.error("cases: deadline check failed", e);
        }
    }

    /** Stores, logs and publishes case steps (on this context). */
    private void emit(List<CaseEvent> events) {
        if (!events.isEmpty()) changed = true;
        for (CaseEvent e : events) {
            if (clusterOut != null) {
                clusterOut.accept(e); // the log stores it once and streams it on every gateway
            } else {
                store.write(e);
                vertx.eventBus().publish(StreamEvent.ADDRESS, new StreamEvent(e));
            }
            if (e.kind() == CaseEvent.Kind.OVERDUE) {
                LOG.info("case {} overdue: {} escalation {}", e.alertId(), e.step(), e.escalation());
            } else {
                LOG.info("case {}: {} -> {} by {}", e.alertId(), e.from(), e.to(), e.actor());
            }
        }
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    // ---- CaseService (any thread; answers come from this context) --------------------------------

    @Override
    public Future<List<Case>> cases(java.util.function.Predicate<Case> wanted, int limit) {
        return onContext(() -> book.find(wanted, limit));
    }

    @Override
    public Future<Case> get(String id) {
        return onContext(() -> book.get(id));
    }

    @Override
    public Future<CaseBook.Outcome> transition(String id, Role role, String actor, CaseState to, String comment) {
        return onContext(() -> {
            if (!active) return new CaseBook.Refused(503, "the gateway is starting; try again", null, List.of(), List.of());
            CaseBook.Outcome o = book.transition(id, role, actor, to, comment, clock.getAsLong());
            if (o instanceof CaseBook.Moved m) emit(List.of(m.event()));
            return o;
        });
    }

    @Override
    public List<CaseBook.Deadline> deadlines(Case c) {
        return book.deadlinesOf(c, clock.getAsLong());
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }

    /** Open cases per level as of the last count (about every 10 s); safe on any thread. */
    public Map<Level, Integer> openByLevel() {
        return open;
    }

    /** Open cases with a step past its deadline, per level, as of the last count; safe on any thread. */
    public Map<Level, Integer> overdueByLevel() {
        return overdue;
    }

    private <T> Future<T> onContext(Supplier<T> s) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(s.get());
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
