package dev.vigil.gateway.cases;

import dev.vigil.rules.Level;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The deadlines file: defaults, the shipped file, overrides from level to rule, and errors naming file:line. */
class DeadlinesTest {
    static final long MIN = 60_000;

    @Test
    void theShippedFileEqualsTheBuiltInDefaults() {
        assertEquals(Deadlines.defaults(), Deadlines.load(Path.of("..", "config", "deadlines.yaml")));
        assertEquals(Deadlines.defaults(), Deadlines.load(Path.of("no-such-file.yaml")));
        Deadlines d = Deadlines.defaults();
        assertEquals(Map.of(CaseState.RECEIVED, 5 * MIN, CaseState.DISPATCHED, 15 * MIN, CaseState.HANDLED, 60 * MIN,
                CaseState.CLOSED, 24 * 60 * MIN), d.of(Level.RED, "threshold", "elevator", "overspeed"));
        assertEquals(24 * 60 * MIN, d.of(Level.BLUE, "offline", "elevator", "terminal-offline").get(CaseState.RECEIVED));
        assertEquals(30 * MIN, d.of(Level.RED, "expression", "elevator", "trapped-at-level").get(CaseState.HANDLED));
    }

    @Test
    void theMostSpecificOverrideWinsStepByStep() {
        Deadlines d = Deadlines.parse("d.yaml", """
                max_escalations: 3
                levels:
                  red: {received: 2m, closed: off}
                kinds: {offline: {received: 30m, dispatched: 1h}}
                profiles: {elevator: {received: 20m}}
                rules: {lift-stuck: {received: 10m, verified: 2h}}
                """);
        assertEquals(3, d.maxEscalations());
        assertEquals(Map.of(CaseState.RECEIVED, 2 * MIN, CaseState.DISPATCHED, 15 * MIN, CaseState.HANDLED, 60 * MIN),
                d.of(Level.RED, "threshold", "hazmat-vehicle", "x"));
        assertEquals(Map.of(CaseState.RECEIVED, 30 * MIN, CaseState.DISPATCHED, 60 * MIN, CaseState.HANDLED, 60 * MIN),
                d.of(Level.RED, "offline", "hazmat-vehicle", "x"));
        assertEquals(20 * MIN, d.of(Level.RED, "offline", "elevator", "x").get(CaseState.RECEIVED));
        assertEquals(Map.of(CaseState.RECEIVED, 10 * MIN, CaseState.DISPATCHED, 60 * MIN, CaseState.HANDLED, 60 * MIN,
                CaseState.VERIFIED, 120 * MIN), d.of(Level.RED, "offline", "elevator", "lift-stuck"));
        assertEquals(30 * MIN, d.of(Level.RED, "expression", "elevator", "trapped-at-level").get(CaseState.HANDLED),
                "the built-in rule overrides stay unless the file replaces them");
    }

    @Test
    void errorsNameFileAndLine() {
        assertEquals("d.yaml:3: levels.red.received: expected a duration such as 5m, 1h or 1h30m (or off), got 'soon'",
                refused("max_escalations: 2\nlevels:\n  red: {received: soon}\n"));
        assertEquals("d.yaml:2: levels: unknown level 'purple'; expected blue, yellow, orange or red",
                refused("levels:\n  purple: {received: 5m}\n"));
        assertEquals("d.yaml:3: rules.trapped: unknown step 'receive'; expected received, dispatched, handled, verified, closed",
                refused("rules:\n  trapped:\n    receive: 5m\n"));
        assertEquals("d.yaml:1: unknown key 'level'; expected max_escalations, levels, kinds, profiles, rules",
                refused("level: {}\n"));
        assertEquals("d.yaml:1: max_escalations: must be 1..1000, got 0", refused("max_escalations: 0\n"));
        assertEquals("d.yaml:2: profiles.elevator: expected a mapping, got '5m'", refused("profiles:\n  elevator: 5m\n"));
    }

    private static String refused(String text) {
        return assertThrows(Deadlines.Refused.class, () -> Deadlines.parse("d.yaml", text)).getMessage();
    }
}
