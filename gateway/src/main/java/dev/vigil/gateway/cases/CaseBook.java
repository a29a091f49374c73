package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.CaseEvent;
import dev.vigil.gateway.auth.Role;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.rules.yaml.Durations;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every disposal case the gateway knows, kept up to date from the rule's alert events and from case
 * steps: transitions asked for through the API ({@link #transition}), escalations of missed
 * deadlines ({@link #overdue}) and the automatic close of a cleared alert whose rule says
 * {@code auto_close: true}. The same steps read back from InfluxDB ({@link #restore}) rebuild the
 * book at start-up, escalation counters included, so nothing is repeated or lost. Not thread-safe:
 * owned by the {@link CasesVerticle}'s context.
 */
public final class CaseBook {
    /** The actor of the gateway's own steps (escalations, auto_close). */
    public static final String SYSTEM = "vigil";
    private static final Map<CaseState, String> VERB_ZH = Map.of(CaseState.RECEIVED, "签收", CaseState.DISPATCHED, "派单",
            CaseState.HANDLED, "处置", CaseState.VERIFIED, "核查", CaseState.CLOSED, "办结");

    private final Map<String, Case> cases = new LinkedHashMap<>();
    private final Deadlines deadlines;
    /** Time of the latest case step: steps get distinct, increasing times (InfluxDB keeps one row per series and time). */
    private long lastStep;

    public CaseBook(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    /** The deadlines in force. */
    public Deadlines deadlines() {
        return deadlines;
    }

    /** What a transition request came to. */
    public sealed interface Outcome permits Moved, Refused {}

    /** The case moved; {@code event} is to be stored and published. */
    public record Moved(CaseEvent event, Case after) implements Outcome {}

    /**
     * The case did not move.
     *
     * @param status  404 (unknown), 400 (comment missing), 403 (role), 409 (order)
     * @param message why, naming what is allowed
     * @param state   the case's state, or null when unknown
     * @param allowed the states the caller may move it to now
     * @param legal   the states anyone may move it to now
     */
    public record Refused(int status, String message, CaseState state, List<CaseState> allowed, List<CaseState> legal)
            implements Outcome {}

    /**
     * One deadline of a case.
     *
     * @param step       the state to reach
     * @param limitMs    how long after the raise
     * @param due        raise time + limit
     * @param metAt      when the case first reached the step, or -1
     * @param overdue    not reached and past due
     * @param escalation escalation level reached (stored OVERDUE rows)
     */
    public record Deadline(CaseState step, long limitMs, long due, long metAt, boolean overdue, int escalation) {}

    /** Applies a rule's alert event; returns the case steps it causes (an auto_close) when {@code live}. */
    public List<CaseEvent> onAlert(AlertEvent e, long now, boolean live) {
        Case c = cases.get(e.alertId());
        if (c == null) {
            if (e.kind() == AlertEvent.Kind.CLEARED || e.kind() == AlertEvent.Kind.ACKNOWLEDGED) return List.of();
            long raised = e.kind() == AlertEvent.Kind.RAISED ? e.time() : raisedAt(e.alertId(), e.time());
            c = new Case(e.alertId(), e.deviceId(), e.profile(), e.enterprise(), e.region(), e.ruleId(),
                    str(e.evidence().get("kind")), e.ruleVersion(), e.level(), raised);
            cases.put(c.id, c);
        }
        String kind = e.kind().name().toLowerCase(Locale.ROOT);
        for (Case.Entry x : c.timeline) {
            if (x.time() == e.time() && x.kind().equals(kind)) return List.of(); // seen already (restored, then streamed)
        }
        if (Boolean.TRUE.equals(e.evidence().get("auto_close"))) c.autoClose = true;
        if (c.ruleKind == null) c.ruleKind = str(e.evidence().get("kind"));
        c.timeline.add(new Case.Entry(e.time(), kind, e.level(), e.actor(), e.kind() == AlertEvent.Kind.ACKNOWLEDGED ? e.comment()
                : e.message(), null, null, null, 0, 0));
        c.timeline.sort(java.util.Comparator.comparingLong(Case.Entry::time));
        switch (e.kind()) {
            case ESCALATED, DEESCALATED -> {
                c.level = e.level();
                c.nextDue = 0;
                c.ruleVersion = e.ruleVersion();
            }
            case CLEARED -> {
                if (c.clearedAt < 0) c.clearedAt = e.time();
                if (live) return autoClose(c, now);
            }
            default -> { }
        }
        return List.of();
    }

    private List<CaseEvent> autoClose(Case c, long now) {
        if (!c.autoClose || c.clearedAt < 0 || c.state.terminal()) return List.of();
        CaseEvent ev = step(c, CaseEvent.Kind.TRANSITION, now, SYSTEM,
                "警报已恢复，按规则自动办结 / alert cleared; its rule closes the case (auto_close)", CaseState.CLOSED, null, 0, 0);
        apply(c, ev);
        return List.of(ev);
    }

    /** Applies a stored case step (start-up), without emitting anything. */
    public void restore(CaseEvent e) {
        Case c = cases.get(e.alertId());
        if (c == null) {
            c = new Case(e.alertId(), e.deviceId(), e.profile(), e.enterprise(), e.region(), e.ruleId(), null, e.ruleVersion(),
                    e.level(), raisedAt(e.alertId(), e.time()));
            cases.put(c.id, c);
        }
        for (Case.Entry x : c.timeline) {
            if (x.time() == e.time() && x.kind().equals(e.kindName())) return;
        }
        apply(c, e);
        lastStep = Math.max(lastStep, e.time());
    }

    private static void apply(Case c, CaseEvent e) {
        c.nextDue = 0;
        c.timeline.add(new Case.Entry(e.time(), e.kindName(), e.level(), e.actor(), e.comment(), e.from(), e.to(), e.step(),
                e.escalation(), e.due()));
        c.timeline.sort(java.util.Comparator.comparingLong(Case.Entry::time));
        if (e.kind() == CaseEvent.Kind.TRANSITION) {
            CaseState to = CaseState.parse(e.to());
            if (to != null) {
                c.state = to;
                c.entered.put(to, e.time());
                c.updatedAt = Math.max(c.updatedAt, e.time());
            }
        } else {
            CaseState step = CaseState.parse(e.step());
            if (step != null) c.escalations.merge(step, e.escalation(), Math::max);
            // the case's state when it escalated: tells a case restored from its later steps only where it stands
            CaseState at = CaseState.parse(e.to());
            if (at != null) c.state = at;
        }
    }

    /**
     * After a restore: closes cleared auto_close cases that are still open (the gateway stopped
     * between the clear and the close) and escalates the deadlines that passed meanwhile.
     */
    public List<CaseEvent> catchUp(long now) {
        List<CaseEvent> out = new ArrayList<>();
        for (Case c : cases.values()) out.addAll(autoClose(c, now));
        out.addAll(overdue(now));
        return out;
    }

    /** Moves a case as {@code role} / {@code actor} asks, or says why not. */
    public Outcome transition(String id, Role role, String actor, CaseState to, String comment, long now) {
        Case c = cases.get(id);
        if (c == null) return new Refused(404, "no case '" + id + "'", null, List.of(), List.of());
        List<CaseState> allowed = c.state.nextFor(role);
        List<CaseState> legal = c.state.next();
        if (!to.movers().contains(role)) {
            return new Refused(403, "a " + role.id() + " may not move a case to " + to.id() + "; from " + c.state.id()
                    + " you may move it to " + CaseState.ids(allowed), c.state, allowed, legal);
        }
        if (!legal.contains(to)) {
            return new Refused(409, "a case in state " + c.state.id() + " cannot move to " + to.id() + "; next: "
                    + CaseState.ids(legal) + (allowed.equals(legal) ? "" : ", of which you may: " + CaseState.ids(allowed)),
                    c.state, allowed, legal);
        }
        if (to.needsComment() && (comment == null || comment.isBlank())) {
            return new Refused(400, "moving a case to " + to.id() + " needs a comment ("
                    + (to == CaseState.HANDLED ? "what was done" : "the reason") + ")", c.state, allowed, legal);
        }
        CaseEvent ev = step(c, CaseEvent.Kind.TRANSITION, now, actor, comment == null || comment.isBlank() ? null : comment,
                to, null, 0, 0);
        apply(c, ev);
        return new Moved(ev, c.copy());
    }

    /** Escalates every step past its deadline once per missed period (at most {@code max_escalations}). */
    public List<CaseEvent> overdue(long now) {
        List<CaseEvent> out = new ArrayList<>();
        for (Case c : cases.values()) {
            if (c.state.terminal() || (c.nextDue != 0 && now < c.nextDue)) continue;
            Map<CaseState, Long> dl = deadlines.of(c.level, c.ruleKind, c.profile, c.rule);
            for (Map.Entry<CaseState, Long> d : dl.entrySet()) {
                CaseState step = d.getKey();
                long limit = d.getValue();
                if (c.state.reached(step) || now < c.raisedAt + limit) continue;
                int due = (int) Math.min(deadlines.maxEscalations(), (now - c.raisedAt) / limit);
                for (int k = c.escalation(step) + 1; k <= due; k++) {
                    String comment = "超时未" + VERB_ZH.get(step) + "（第" + k + "次督办）/ not " + step.id() + " within "
                            + Durations.format(limit) + " (escalation " + k + ")";
                    CaseEvent ev = step(c, CaseEvent.Kind.OVERDUE, now, SYSTEM, comment, c.state, step, k, c.raisedAt + k * limit);
                    apply(c, ev);
                    out.add(ev);
                }
            }
            // nothing to look at before the next escalation of a step not yet reached
            long next = Long.MAX_VALUE;
            for (Map.Entry<CaseState, Long> d : dl.entrySet()) {
                int k = c.escalation(d.getKey()) + 1;
                if (!c.state.reached(d.getKey()) && k <= deadlines.maxEscalations()) next = Math.min(next, c.raisedAt + k * d.getValue());
            }
            c.nextDue = next;
        }
        return out;
    }

    /** Drops closed cases whose last step is older than {@code before} (they stay in InfluxDB). */
    public void prune(long before) {
        for (Iterator<Case> it = cases.values().iterator(); it.hasNext(); ) {
            Case c = it.next();
            if (c.state.terminal() && c.updatedAt < before) it.remove();
        }
    }

    private CaseEvent step(Case c, CaseEvent.Kind kind, long now, String actor, String comment, CaseState to, CaseState step,
                           int escalation, long due) {
        long t = Math.max(now, lastStep + 1);
        lastStep = t;
        return new CaseEvent(c.id, kind, c.device, c.profile, c.enterprise, c.region, c.rule, c.ruleVersion, c.level, t, actor,
                comment, c.state.id(), to.id(), step == null ? null : step.id(), escalation, due);
    }

    /** The deadlines of a case as of {@code now}. Safe on any thread for a {@link Case#copy() copy}. */
    public List<Deadline> deadlinesOf(Case c, long now) {
        List<Deadline> out = new ArrayList<>();
        for (Map.Entry<CaseState, Long> d : deadlines.of(c.level, c.ruleKind, c.profile, c.rule).entrySet()) {
            CaseState step = d.getKey();
            long met = -1;
            if (c.state.reached(step)) {
                for (Map.Entry<CaseState, Long> en : c.entered.entrySet()) {
                    if (en.getKey().reached(step) && en.getKey() != CaseState.REJECTED && (met < 0 || en.getValue() < met)) met = en.getValue();
                }
            }
            long due = c.raisedAt + d.getValue();
            out.add(new Deadline(step, d.getValue(), due, met, !c.state.reached(step) && !c.state.terminal() && now >= due,
                    c.escalation(step)));
        }
        return out;
    }

    /** A copy of one case, or null. */
    public Case get(String id) {
        Case c = cases.get(id);
        return c == null ? null : c.copy();
    }

    /** Copies (without timelines) of the first {@code limit} cases that {@code wanted} accepts, newest raised first. */
    public List<Case> find(java.util.function.Predicate<Case> wanted, int limit) {
        List<Case> sorted = new ArrayList<>(cases.values());
        sorted.sort(java.util.Comparator.comparingLong(Case::raisedAt).reversed());
        List<Case> out = new ArrayList<>();
        for (Case c : sorted) {
            if (out.size() >= limit) break;
            if (wanted.test(c)) out.add(c.copy(false));
        }
        return out;
    }

    /** Number of cases in memory. */
    public int size() {
        return cases.size();
    }

    /** Open (not closed, not false alarm) cases per level: [0] all open, [1] those past a deadline. */
    @SuppressWarnings("unchecked")
    public Map<Level, Integer>[] openByLevel(long now) {
        Map<Level, Integer> open = new java.util.EnumMap<>(Level.class);
        Map<Level, Integer> late = new java.util.EnumMap<>(Level.class);
        for (Case c : cases.values()) {
            if (c.state.terminal()) continue;
            open.merge(c.level, 1, Integer::sum);
            for (Map.Entry<CaseState, Long> d : deadlines.of(c.level, c.ruleKind, c.profile, c.rule).entrySet()) {
                if (!c.state.reached(d.getKey()) && now >= c.raisedAt + d.getValue()) {
                    late.merge(c.level, 1, Integer::sum);
                    break;
                }
            }
        }
        return new Map[] {open, late};
    }

    private static long raisedAt(String id, long fallback) {
        try {
            return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return fallback;
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
