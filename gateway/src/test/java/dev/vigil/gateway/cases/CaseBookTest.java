package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.CaseEvent;
import dev.vigil.gateway.auth.Role;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The case book on its own: every transition and every refusal of every role from every state,
 * deadlines and escalation with a hand-driven clock, auto_close, and a rebuild from the stored steps
 * that repeats nothing.
 */
class CaseBookTest {
    static final long R = 1_767_225_600_000L; // raise time, 2026-01-01T08:00+08:00
    static final long MIN = 60_000;
    /** The deadlines these tests count with (the shipped defaults may change; the escalation mechanics may not). */
    static final Deadlines DEADLINES = Deadlines.parse("test-deadlines.yaml", """
            levels:
              red:    {received: 5m,  dispatched: 15m, handled: 1h,  closed: 24h}
              orange: {received: 15m, dispatched: 1h,  handled: 4h,  closed: 3d}
              yellow: {received: 1h,  dispatched: 4h,  handled: 24h, closed: 7d}
              blue:   {received: 24h, dispatched: 3d,  handled: 7d,  closed: 30d}
            rules:
              trapped-at-level: {handled: 30m}
            """);
    static final String ID = "elv-1/trapped-at-level/" + R;

    static AlertEvent alert(AlertEvent.Kind kind, long time, Level level, Map<String, Object> evidence) {
        return new AlertEvent(ID, kind, "elv-1", "elevator", "Alpha Co", "wuhai-haibowan", "trapped-at-level", 1, level,
                kind == AlertEvent.Kind.RAISED ? null : level, time, "[红色预警] 平层困人", evidence, null, null);
    }

    static CaseBook raised(Level level, Map<String, Object> evidence) {
        CaseBook b = new CaseBook(DEADLINES);
        assertEquals(List.of(), b.onAlert(alert(AlertEvent.Kind.RAISED, R, level, evidence), R, true));
        return b;
    }

    /** The admin path into each state. */
    static final Map<CaseState, List<CaseState>> PATH = Map.of(
            CaseState.RAISED, List.of(),
            CaseState.RECEIVED, List.of(CaseState.RECEIVED),
            CaseState.DISPATCHED, List.of(CaseState.RECEIVED, CaseState.DISPATCHED),
            CaseState.HANDLED, List.of(CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.HANDLED),
            CaseState.REJECTED, List.of(CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.HANDLED, CaseState.REJECTED),
            CaseState.VERIFIED, List.of(CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.HANDLED, CaseState.VERIFIED),
            CaseState.CLOSED, List.of(CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.HANDLED, CaseState.VERIFIED, CaseState.CLOSED),
            CaseState.FALSE_ALARM, List.of(CaseState.FALSE_ALARM));

    /** What each role may do from each state (written out, not derived). */
    static final Map<CaseState, Map<Role, Set<CaseState>>> ALLOWED = Map.of(
            CaseState.RAISED, Map.of(Role.ADMIN, Set.of(CaseState.RECEIVED, CaseState.FALSE_ALARM),
                    Role.REGULATOR, Set.of(CaseState.RECEIVED, CaseState.FALSE_ALARM), Role.ENTERPRISE, Set.of(), Role.INSPECTOR, Set.of()),
            CaseState.RECEIVED, Map.of(Role.ADMIN, Set.of(CaseState.DISPATCHED, CaseState.FALSE_ALARM),
                    Role.REGULATOR, Set.of(CaseState.DISPATCHED, CaseState.FALSE_ALARM), Role.ENTERPRISE, Set.of(), Role.INSPECTOR, Set.of()),
            CaseState.DISPATCHED, Map.of(Role.ADMIN, Set.of(CaseState.HANDLED, CaseState.FALSE_ALARM),
                    Role.REGULATOR, Set.of(CaseState.FALSE_ALARM), Role.ENTERPRISE, Set.of(CaseState.HANDLED), Role.INSPECTOR, Set.of()),
            CaseState.HANDLED, Map.of(Role.ADMIN, Set.of(CaseState.VERIFIED, CaseState.REJECTED, CaseState.FALSE_ALARM),
                    Role.REGULATOR, Set.of(CaseState.VERIFIED, CaseState.REJECTED, CaseState.FALSE_ALARM), Role.ENTERPRISE, Set.of(),
                    Role.INSPECTOR, Set.of()),
            CaseState.REJECTED, Map.of(Role.ADMIN, Set.of(CaseState.HANDLED, CaseState.FALSE_ALARM),
                    Role.REGULATOR, Set.of(CaseState.FALSE_ALARM), Role.ENTERPRISE, Set.of(CaseState.HANDLED), Role.INSPECTOR, Set.of()),
            CaseState.VERIFIED, Map.of(Role.ADMIN, Set.of(CaseState.CLOSED), Role.REGULATOR, Set.of(CaseState.CLOSED),
                    Role.ENTERPRISE, Set.of(), Role.INSPECTOR, Set.of()),
            CaseState.CLOSED, Map.of(Role.ADMIN, Set.of(), Role.REGULATOR, Set.of(), Role.ENTERPRISE, Set.of(), Role.INSPECTOR, Set.of()),
            CaseState.FALSE_ALARM, Map.of(Role.ADMIN, Set.of(), Role.REGULATOR, Set.of(), Role.ENTERPRISE, Set.of(), Role.INSPECTOR, Set.of()));

    /** The states a role may ever move a case to (anything else is 403 whatever the state). */
    static final Map<Role, Set<CaseState>> EVER = Map.of(
            Role.ADMIN, EnumSet.complementOf(EnumSet.of(CaseState.RAISED)),
            Role.REGULATOR, EnumSet.of(CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.VERIFIED, CaseState.CLOSED, CaseState.REJECTED,
                    CaseState.FALSE_ALARM),
            Role.ENTERPRISE, EnumSet.of(CaseState.HANDLED),
            Role.INSPECTOR, EnumSet.noneOf(CaseState.class));

    static CaseBook at(CaseState state) {
        CaseBook b = raised(Level.RED, Map.of("kind", "expression"));
        long t = R + 1000;
        for (CaseState s : PATH.get(state)) {
            assertInstanceOf(CaseBook.Moved.class, b.transition(ID, Role.ADMIN, "admin", s, "step to " + s.id(), t++));
        }
        assertEquals(state, b.get(ID).state());
        return b;
    }

    @Test
    void everyRoleFromEveryStateToEveryTarget() {
        int moved = 0;
        int refused = 0;
        for (CaseState from : CaseState.values()) {
            for (Role role : Role.values()) {
                for (CaseState to : CaseState.values()) {
                    if (to == CaseState.RAISED) continue;
                    CaseBook b = at(from);
                    CaseBook.Outcome o = b.transition(ID, role, "u-" + role.id(), to, "because", R + 60_000);
                    String what = from.id() + " -> " + to.id() + " by " + role.id();
                    if (ALLOWED.get(from).get(role).contains(to)) {
                        CaseBook.Moved m = assertInstanceOf(CaseBook.Moved.class, o, what);
                        assertEquals(to, m.after().state(), what);
                        assertEquals(from.id(), m.event().from(), what);
                        assertEquals(to.id(), m.event().to(), what);
                        assertEquals("u-" + role.id(), m.event().actor(), what);
                        assertEquals("because", m.event().comment(), what);
                        assertEquals(CaseEvent.Kind.TRANSITION, m.event().kind(), what);
                        moved++;
                    } else {
                        CaseBook.Refused r = assertInstanceOf(CaseBook.Refused.class, o, what);
                        assertEquals(EVER.get(role).contains(to) ? 409 : 403, r.status(), what + ": " + r.message());
                        assertEquals(from, r.state(), what);
                        assertEquals(ALLOWED.get(from).get(role), Set.copyOf(r.allowed()), what);
                        assertEquals(from, b.get(ID).state(), what + " leaves the case as it was");
                        refused++;
                    }
                }
            }
        }
        assertEquals(24, moved);
        assertEquals(8 * 4 * 7 - 24, refused);
    }

    @Test
    void refusalsNameWhatIsAllowed() {
        CaseBook b = at(CaseState.RAISED);
        CaseBook.Refused r = (CaseBook.Refused) b.transition(ID, Role.ENTERPRISE, "alpha", CaseState.VERIFIED, null, R + 1);
        assertEquals("a enterprise may not move a case to verified; from raised you may move it to []", r.message());
        r = (CaseBook.Refused) b.transition(ID, Role.REGULATOR, "reg", CaseState.CLOSED, null, R + 1);
        assertEquals("a case in state raised cannot move to closed; next: [received, false_alarm]", r.message());
        r = (CaseBook.Refused) b.transition(ID, Role.ADMIN, "admin", CaseState.HANDLED, null, R + 1);
        assertEquals(409, r.status());
        assertEquals(List.of(CaseState.RECEIVED, CaseState.FALSE_ALARM), r.legal());
        r = (CaseBook.Refused) b.transition(ID, Role.REGULATOR, "reg", CaseState.FALSE_ALARM, "  ", R + 1);
        assertEquals(400, r.status());
        assertEquals("moving a case to false_alarm needs a comment (the reason)", r.message());
        CaseBook d = at(CaseState.DISPATCHED);
        r = (CaseBook.Refused) d.transition(ID, Role.ENTERPRISE, "alpha", CaseState.HANDLED, null, R + 1);
        assertEquals("moving a case to handled needs a comment (what was done)", r.message());
        assertEquals(404, ((CaseBook.Refused) b.transition("nope", Role.ADMIN, "admin", CaseState.RECEIVED, null, R)).status());
    }

    @Test
    void overdueStepsEscalateOncePerPeriodUntilReached() {
        CaseBook b = raised(Level.RED, Map.of("kind", "expression"));
        // red: received 5m, dispatched 15m, handled 30m (the trapped-at-level rule), closed 24h
        assertEquals(List.of(), b.overdue(R + 5 * MIN - 1));
        List<CaseEvent> first = b.overdue(R + 5 * MIN);
        assertEquals(List.of("received#1@" + (R + 5 * MIN)), steps(first));
        assertEquals("超时未签收（第1次督办）/ not received within 5m (escalation 1)", first.get(0).comment());
        assertEquals("vigil", first.get(0).actor());
        assertEquals("raised", first.get(0).from());
        assertEquals("raised", first.get(0).to());
        assertEquals(R + 5 * MIN, first.get(0).time());
        assertEquals(List.of(), b.overdue(R + 5 * MIN), "the same period escalates once");
        List<CaseEvent> later = b.overdue(R + 16 * MIN);
        assertEquals(List.of("received#2@" + (R + 10 * MIN), "received#3@" + (R + 15 * MIN), "dispatched#1@" + (R + 15 * MIN)),
                steps(later));
        // every step gets its own time: InfluxDB keeps one row per series and time
        assertEquals(List.of(R + 16 * MIN, R + 16 * MIN + 1, R + 16 * MIN + 2), later.stream().map(CaseEvent::time).toList());
        assertInstanceOf(CaseBook.Moved.class, b.transition(ID, Role.REGULATOR, "reg", CaseState.RECEIVED, null, R + 17 * MIN));
        assertEquals(List.of("dispatched#2@" + (R + 30 * MIN), "handled#1@" + (R + 30 * MIN)), steps(b.overdue(R + 31 * MIN)),
                "received is reached: only the later steps escalate; the rule's 30 min handling deadline applies");
        List<CaseBook.Deadline> dl = b.deadlinesOf(b.get(ID), R + 31 * MIN);
        assertEquals(List.of("received:met=" + (R + 17 * MIN) + ",overdue=false,esc=3", "dispatched:met=-1,overdue=true,esc=2",
                        "handled:met=-1,overdue=true,esc=1", "closed:met=-1,overdue=false,esc=0"),
                dl.stream().map(d -> d.step().id() + ":met=" + d.metAt() + ",overdue=" + d.overdue() + ",esc=" + d.escalation()).toList());
        // at most max_escalations (10) per step
        List<CaseEvent> many = b.overdue(R + 1000 * MIN);
        assertEquals(8 + 9 + 0, many.stream().filter(e -> !e.step().equals("closed")).count());
        assertEquals(10, b.get(ID).escalation(CaseState.DISPATCHED));
        assertEquals(10, b.get(ID).escalation(CaseState.HANDLED));
        assertEquals(List.of(), b.overdue(R + 2000 * MIN).stream().filter(e -> !e.step().equals("closed")).toList());
    }

    @Test
    void aRejectedCaseIsLateForHandlingAgainAndAClosedOneNeverIs() {
        CaseBook b = at(CaseState.REJECTED);
        assertEquals(List.of("handled#1@" + (R + 30 * MIN)), steps(b.overdue(R + 30 * MIN)));
        CaseBook c = at(CaseState.CLOSED);
        assertEquals(List.of(), c.overdue(R + 100_000 * MIN));
        CaseBook f = at(CaseState.FALSE_ALARM);
        assertEquals(List.of(), f.overdue(R + 100_000 * MIN));
    }

    @Test
    void clearingClosesTheCaseOnlyWithAutoClose() {
        CaseBook keep = raised(Level.ORANGE, Map.of("kind", "expression"));
        assertEquals(List.of(), keep.onAlert(alert(AlertEvent.Kind.CLEARED, R + MIN, Level.ORANGE, Map.of()), R + MIN, true));
        assertEquals(CaseState.RAISED, keep.get(ID).state());
        assertEquals(R + MIN, keep.get(ID).clearedAt());

        CaseBook auto = raised(Level.ORANGE, Map.of("kind", "expression", "auto_close", true));
        List<CaseEvent> closed = auto.onAlert(alert(AlertEvent.Kind.CLEARED, R + MIN, Level.ORANGE, Map.of("auto_close", true)), R + 2 * MIN, true);
        assertEquals(1, closed.size());
        assertEquals("raised", closed.get(0).from());
        assertEquals("closed", closed.get(0).to());
        assertEquals("vigil", closed.get(0).actor());
        assertEquals(R + 2 * MIN, closed.get(0).time());
        assertEquals(CaseState.CLOSED, auto.get(ID).state());
    }

    @Test
    void aBookRebuiltFromItsStoredStepsRepeatsNothingAndCatchesUp() {
        CaseBook b = raised(Level.RED, Map.of("kind", "expression"));
        List<CaseEvent> stored = new ArrayList<>(b.overdue(R + 11 * MIN));
        stored.add(((CaseBook.Moved) b.transition(ID, Role.REGULATOR, "reg", CaseState.RECEIVED, "on it", R + 12 * MIN)).event());
        // a restart: the alert event and the steps come back from InfluxDB
        CaseBook again = new CaseBook(DEADLINES);
        again.onAlert(alert(AlertEvent.Kind.RAISED, R, Level.RED, Map.of("kind", "expression")), R + 40 * MIN, false);
        stored.forEach(again::restore);
        stored.forEach(again::restore); // read twice: still once
        Case c = again.get(ID);
        assertEquals(CaseState.RECEIVED, c.state());
        assertEquals(2, c.escalation(CaseState.RECEIVED));
        assertEquals(List.of("raised", "overdue", "overdue", "transition"), c.timeline().stream().map(Case.Entry::kind).toList());
        // deadlines that passed while it was down: dispatched (15 min, 30 min), handled (30 min)
        assertEquals(List.of("dispatched#1@" + (R + 15 * MIN), "dispatched#2@" + (R + 30 * MIN), "handled#1@" + (R + 30 * MIN)),
                steps(again.catchUp(R + 40 * MIN)));
        assertEquals(List.of(), again.catchUp(R + 40 * MIN));
        assertNull(again.get("unknown"));
        assertTrue(again.get(ID).timeline().size() > 4);
    }

    private static List<String> steps(List<CaseEvent> events) {
        return events.stream().map(e -> e.step() + "#" + e.escalation() + "@" + e.due()).toList();
    }
}
