package dev.vigil.rules.eval;

import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.model.Rule;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.vigil.rules.eval.DeviceCtx.NONE;

/**
 * The state machine shared by every rule kind: turns observations (bit masks of the levels whose
 * condition holds) into alert transitions, applying {@code for} durations, {@code count}, gaps,
 * tolerated lapses, clear conditions and clear delays. Single-threaded.
 *
 * <p>A level is entered when its condition has held for {@code for} and {@code count} readings;
 * an open alert keeps a level while its condition (widened by hysteresis) holds, so no duration is
 * needed to stay. Raising and escalating happen at once; de-escalating and clearing wait for
 * {@code clear_delay} and, for clearing, {@code clear_when}. A gap between readings longer than
 * the max gap restarts pending durations. Ticks let durations and clear delays elapse without new
 * readings while the device's last reading is within the max gap.
 */
public final class Evaluator {
    private final EvalContext ctx;
    private final long defaultMaxGap;
    private final Set<RuleState> timed = new LinkedHashSet<>();
    private final List<RuleState> tickDriven = new ArrayList<>();
    private final List<AlertEvent> out = new ArrayList<>();
    /**
     * The quiet_when evaluated last on the reading being evaluated, and its result: rules of a
     * profile usually share one (same source, fields only, so one object), and it is evaluated once
     * per reading instead of once per rule.
     */
    private CelExpr quietMemo;
    private boolean quietMemoResult;
    private boolean inReading;
    /** Counts joins of the timed set, so an exported device keeps the order of its timed states. */
    private long timedSeq;
    /** Tick-driven states untracked since the list was last compacted. */
    private int dropped;

    public Evaluator(EvalContext ctx, long defaultMaxGap) {
        this.ctx = ctx;
        this.defaultMaxGap = defaultMaxGap;
    }

    public EvalContext context() { return ctx; }

    /** Evaluates every rule of a device for a reading it has accepted. */
    public void onReading(DeviceCtx d, Object[] values, long time) {
        RuleState[] states = d.states;
        quietMemo = null;
        inReading = true;
        try {
            for (int i = 0; i < states.length; i++) evaluate(states[i], values, time);
        } finally {
            inReading = false;
            quietMemo = null;
        }
    }

    private void evaluate(RuleState s, Object[] values, long time) {
        CompiledRule r = s.rule;
        ctx.at(s.device, r);
        if (r.where != null && !Boolean.TRUE.equals(r.where.test(ctx))) return;
        boolean suppressed = suppressed(r, time);
        int mask;
        if (suppressed) {
            if (r instanceof OfflineRule) r.observe(s, ctx, values, time);
            mask = 0;
            s.clearOk = true;
        } else {
            mask = r.observe(s, ctx, values, time);
            if (mask == CompiledRule.UNKNOWN) {
                s.obsTime = NONE;
                return;
            }
            s.clearOk = r.clearWhen == null || Boolean.TRUE.equals(r.clearWhen.test(ctx));
        }
        s.quiet = suppressed;
        long at = s.obsTime != NONE ? s.obsTime : time;
        step(s, mask, at, false);
        s.obsTime = NONE;
    }

    private boolean suppressed(CompiledRule r, long time) {
        Rule rule = r.rule;
        if (rule.schedule() != null && !rule.schedule().active(time, ctx.timeZone())) return true;
        CelExpr q = r.quiet;
        if (q == null) return false;
        if (inReading && q == quietMemo) return quietMemoResult;
        boolean quiet = Boolean.TRUE.equals(q.test(ctx));
        if (inReading && q.fieldsOnly() && !ctx.interpretOnly()) {
            quietMemo = q;
            quietMemoResult = quiet;
        }
        return quiet;
    }

    /** Lets time pass: tick-driven rules (offline, tumbling windows) evaluate, pending durations and clear delays elapse. */
    public void onTick(long now) {
        if (dropped > 0) compact();
        for (int i = 0; i < tickDriven.size(); i++) {
            RuleState s = tickDriven.get(i);
            CompiledRule r = s.rule;
            ctx.at(s.device, r);
            int mask = r.tick(s, ctx, now);
            if (mask == CompiledRule.UNKNOWN) continue;
            // the common case for a large fleet: nothing due, nothing open, nothing pending
            if (mask == 0 && s.level < 0 && s.lowerSince == NONE && s.lastMask == 0) continue;
            boolean suppressed = suppressed(r, now);
            if (suppressed) {
                mask = 0;
                s.clearOk = true;
            }
            s.quiet = suppressed;
            ctx.touched(s.device);
            long at = s.obsTime != NONE ? s.obsTime : now;
            step(s, mask, at, false);
            s.obsTime = NONE;
        }
        if (!timed.isEmpty()) {
            for (RuleState s : new ArrayList<>(timed)) {
                ctx.at(s.device, s.rule);
                step(s, 0, now, true);
            }
        }
    }

    void step(RuleState s, int observed, long t, boolean tick) {
        CompiledRule r = s.rule;
        int n = r.levelOrd.length;
        long[] h = s.hold;
        long maxGap = (r.rule.maxGapMillis() >= 0 ? r.rule.maxGapMillis() : defaultMaxGap) + r.observationInterval();
        long tolerate = r.rule.tolerateMillis();
        int mask;
        if (!tick) {
            boolean gap = s.lastTime != NONE && t - s.lastTime > maxGap;
            boolean newer = s.lastTime == NONE || t > s.lastTime;
            for (int i = 0; i < n; i++) {
                if ((observed & (1 << i)) != 0) {
                    if (h[i] == NONE || gap) {
                        h[i] = t;
                        h[n + i] = 1;
                    } else if (newer) {
                        h[n + i]++;
                    }
                    if (s.falseSince != null) s.falseSince[i] = NONE;
                } else if (tolerate > 0 && h[i] != NONE && !gap) {
                    if (s.falseSince[i] == NONE) s.falseSince[i] = t;
                    else if (t - s.falseSince[i] >= tolerate) reset(s, i, false);
                } else {
                    reset(s, i, false);
                }
            }
            if (newer) s.lastTime = t;
            s.lastMask = observed;
            mask = observed;
        } else {
            if (s.lastTime == NONE || t - s.lastTime > maxGap) {
                untime(s);
                return;
            }
            if (s.falseSince != null) {
                for (int i = 0; i < n; i++) if (s.falseSince[i] != NONE && t - s.falseSince[i] >= tolerate) reset(s, i, true);
            }
            mask = s.lastMask;
        }
        int q = -1;
        for (int i = n - 1; i >= 0; i--) {
            if ((mask & (1 << i)) == 0) continue;
            int lo = r.levelOrd[i];
            if (s.level >= lo || (h[i] != NONE && t - h[i] >= r.forMs[i] && h[n + i] >= r.counts[i])) {
                q = lo;
                break;
            }
        }
        int cur = s.level;
        long lowerBefore = s.lowerSince;
        if (q > cur) {
            s.lowerSince = NONE;
            emit(s, cur < 0 ? AlertEvent.Kind.RAISED : AlertEvent.Kind.ESCALATED, q, t, null);
        } else if (q == cur) {
            s.lowerSince = NONE;
        } else if (q < 0 && !s.clearOk) {
            s.lowerSince = NONE;
        } else {
            if (s.lowerSince == NONE) s.lowerSince = t;
            if (t - s.lowerSince >= r.rule.clearDelayMillis()) {
                s.lowerSince = NONE;
                emit(s, q < 0 ? AlertEvent.Kind.CLEARED : AlertEvent.Kind.DEESCALATED, q, t, null);
            }
        }
        if (tick && s.lowerSince != lowerBefore) ctx.touched(s.device);
        retime(s);
    }

    private void reset(RuleState s, int i, boolean tick) {
        if (tick) ctx.touched(s.device);
        s.hold[i] = NONE;
        s.hold[s.rule.levelOrd.length + i] = 0;
        if (s.falseSince != null) s.falseSince[i] = NONE;
    }

    /** Keeps the set of states that wait for time to pass in step with their state. */
    private void retime(RuleState s) {
        CompiledRule r = s.rule;
        boolean pending = s.lowerSince != NONE;
        for (int i = 0; !pending && i < r.levelOrd.length; i++) {
            if ((s.lastMask & (1 << i)) != 0 && r.levelOrd[i] > s.level && r.forMs[i] > 0) pending = true;
            if (s.falseSince != null && s.falseSince[i] != NONE) pending = true;
        }
        if (pending != s.timed) {
            s.timed = pending;
            if (pending) {
                s.timedSeq = ++timedSeq;
                timed.add(s);
            } else {
                timed.remove(s);
            }
        }
    }

    private void untime(RuleState s) {
        if (s.timed) {
            s.timed = false;
            timed.remove(s);
        }
    }

    /** Emits a transition and updates the state's open alert. */
    void emit(RuleState s, AlertEvent.Kind kind, int newLevel, long t, String reason) {
        String id = kind == AlertEvent.Kind.RAISED ? s.device.device.id() + "/" + s.rule.rule.id() + "/" + t : s.alertId;
        out.add(Events.build(s, ctx, kind, newLevel, t, id, reason));
        ctx.touched(s.device);
        s.level = newLevel;
        s.alertId = newLevel < 0 ? null : id;
    }

    /** Closes a state's open alert because its rule no longer applies (removed, disabled, device gone). */
    public void clearOrphan(RuleState s, long t, String reason) {
        if (s.level < 0) return;
        ctx.at(s.device, s.rule);
        emit(s, AlertEvent.Kind.CLEARED, -1, t, reason);
    }

    /** Registers a device's states with the tick machinery (after creating or replacing them). */
    public void track(DeviceCtx d) {
        for (RuleState s : d.states) {
            if (s.dropped) {
                compact();
                s.dropped = false;
            }
            if (s.rule.tickDriven()) tickDriven.add(s);
            s.timed = false;
            retime(s);
        }
    }

    /**
     * Registers the states of an imported device: tick-driven ones in rule order, and those waiting
     * for time to pass in the order they had joined the exporting engine's timed set ({@code order[i]}
     * &gt; 0 for those), so durations due on the same tick complete in the same order.
     */
    void trackImported(DeviceCtx d, long[] order) {
        RuleState[] st = d.states;
        Integer[] idx = new Integer[st.length];
        for (int i = 0; i < st.length; i++) {
            idx[i] = i;
            if (st[i].rule.tickDriven()) tickDriven.add(st[i]);
            st[i].timed = false;
        }
        java.util.Arrays.sort(idx, (a, b) -> {
            long x = order[a] > 0 ? order[a] : Long.MAX_VALUE, y = order[b] > 0 ? order[b] : Long.MAX_VALUE;
            return x != y ? Long.compare(x, y) : Integer.compare(a, b);
        });
        for (Integer i : idx) retime(st[i]);
    }

    /**
     * Sets a state's open alert as another engine's events say (applied alert events): the level,
     * or no alert for {@code level} &lt; 0; a running clear delay ends.
     */
    public void applyAlert(RuleState s, String alertId, int level) {
        s.alertId = level < 0 ? null : alertId;
        s.level = level;
        s.lowerSince = NONE;
        retime(s);
        ctx.touched(s.device);
    }

    /** Queues an event built outside the rules (an import's orphaned alert), published with the next ones. */
    public void queue(AlertEvent e) {
        out.add(e);
    }

    /** Forgets every state (before re-tracking all devices after a rule or registry reload). */
    public void untrackAll() {
        for (RuleState s : timed) s.timed = false;
        timed.clear();
        tickDriven.clear();
        dropped = 0;
    }

    /** Forgets a device's states (before replacing them). */
    public void untrack(DeviceCtx d) {
        for (RuleState s : d.states) {
            if (s.rule.tickDriven() && !s.dropped) {
                // removed from the list by the next tick (or track), not here: dropping many devices stays linear
                s.dropped = true;
                dropped++;
            }
            untime(s);
        }
    }

    private void compact() {
        tickDriven.removeIf(s -> s.dropped);
        dropped = 0;
    }

    /** Events produced since the last drain (an immutable copy; the empty list when none). */
    public List<AlertEvent> drain() {
        if (out.isEmpty()) return List.of();
        List<AlertEvent> r = List.copyOf(out);
        out.clear();
        return r;
    }

    /** Number of states waiting for time to pass (for tests and metrics). */
    public int pendingCount() { return timed.size(); }

    public ZoneId timeZone() { return ctx.timeZone(); }
}
