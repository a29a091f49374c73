package dev.vigil.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdRuleTest {
    @TempDir
    Path dir;

    private static final String TOP_OIL = """
            - id: top-oil
              version: 3
              name: {zh: 顶层油温高, en: Top-oil high}
              kind: threshold
              field: top_oil_temperature
              op: ">="
              levels: {yellow: 85, red: 95}
            """;

    @Test
    void exactlyAtTheThresholdRaisesForGreaterOrEqual() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL);
        none(h.send(s(0), "top_oil_temperature", 84.99));
        AlertEvent e = one(h.send(s(1), "top_oil_temperature", 85.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(1));
        assertEquals("top-oil", e.ruleId());
        assertEquals(3, e.ruleVersion());
        assertEquals("dev-1/top-oil/" + s(1), e.alertId());
        assertEquals(85.0, e.evidence().get("value"));
        assertEquals(">= 85", e.evidence().get("threshold.yellow"));
        assertEquals(3, e.evidence().get("version"));
        assertEquals("acme", e.enterprise());
        assertEquals("wuhai", e.region());
        assertTrue(e.message().contains("顶层油温高") && e.message().contains("Top-oil high") && e.message().contains("黄色预警"), e.message());
        assertNull(e.previous());
    }

    @Test
    void exactlyAtTheThresholdDoesNotRaiseForGreaterThan() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL.replace("\">=\"", "\">\""));
        none(h.send(s(0), "top_oil_temperature", 85.0));
        one(h.send(s(1), "top_oil_temperature", 85.01), AlertEvent.Kind.RAISED, Level.YELLOW, s(1));
    }

    @Test
    void escalatesAndDeescalatesOneAlertThenClears() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL);
        AlertEvent raised = one(h.send(s(0), "top_oil_temperature", 86.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(0));
        AlertEvent up = one(h.send(s(10), "top_oil_temperature", 96.0), AlertEvent.Kind.ESCALATED, Level.RED, s(10));
        assertEquals(Level.YELLOW, up.previous());
        assertEquals(raised.alertId(), up.alertId());
        AlertEvent down = one(h.send(s(20), "top_oil_temperature", 90.0), AlertEvent.Kind.DEESCALATED, Level.YELLOW, s(20));
        assertEquals(Level.RED, down.previous());
        assertEquals(raised.alertId(), down.alertId());
        AlertEvent clear = one(h.send(s(30), "top_oil_temperature", 70.0), AlertEvent.Kind.CLEARED, Level.YELLOW, s(30));
        assertEquals(raised.alertId(), clear.alertId());
        assertEquals(0, h.engine.alerts().openCount());
        assertEquals(s(30), h.engine.alerts().recent().get(0).clearedAt());
        one(h.send(s(40), "top_oil_temperature", 96.0), AlertEvent.Kind.RAISED, Level.RED, s(40));
    }

    @Test
    void hysteresisHoldsWhileValuesHoverAtTheThreshold() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL + "  hysteresis: 2\n");
        one(h.send(s(0), "top_oil_temperature", 85.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(0));
        double[] hover = {84.9, 85.1, 84.0, 85.0, 83.0, 86.0, 83.01};
        for (int i = 0; i < hover.length; i++) none(h.send(s(1 + i), "top_oil_temperature", hover[i]));
        one(h.send(s(20), "top_oil_temperature", 82.99), AlertEvent.Kind.CLEARED, Level.YELLOW, s(20));
        none(h.send(s(21), "top_oil_temperature", 84.9));
        one(h.send(s(22), "top_oil_temperature", 85.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(22));
    }

    @Test
    void withoutHysteresisValuesAtTheThresholdFlap() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL);
        one(h.send(s(0), "top_oil_temperature", 85.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(0));
        one(h.send(s(1), "top_oil_temperature", 84.9), AlertEvent.Kind.CLEARED, Level.YELLOW, s(1));
    }

    @Test
    void clearDelayWaitsAndARelapseRestartsIt() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL + "  clear_delay: 60s\n");
        one(h.send(s(0), "top_oil_temperature", 90.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(0));
        none(h.send(s(10), "top_oil_temperature", 80.0));
        none(h.tick(s(69)));
        none(h.send(s(50), "top_oil_temperature", 86.0));
        none(h.send(s(60), "top_oil_temperature", 80.0));
        none(h.tick(s(119)));
        one(h.tick(s(120)), AlertEvent.Kind.CLEARED, Level.YELLOW, s(120));
    }

    @Test
    void forDurationFiresOnAReadingOrOnATickAtExactlyTheDuration() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL + "  for: 60s\n");
        none(h.send(s(0), "top_oil_temperature", 90.0));
        none(h.send(s(30), "top_oil_temperature", 90.0));
        none(h.tick(s(59.999)));
        AlertEvent e = one(h.tick(s(60)), AlertEvent.Kind.RAISED, Level.YELLOW, s(60));
        assertEquals(s(0), e.evidence().get("since"));
        assertEquals(60_000L, e.evidence().get("for_ms"));

        Harness h2 = new Harness(dir.resolve("b"), "power-transformer", TOP_OIL + "  for: 60s\n");
        none(h2.send(s(0), "top_oil_temperature", 90.0));
        none(h2.send(s(59), "top_oil_temperature", 90.0));
        one(h2.send(s(60), "top_oil_temperature", 90.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(60));
    }

    @Test
    void aGapLongerThanMaxGapBreaksThePendingDuration() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL + "  for: 60s\n  max_gap: 30s\n");
        none(h.send(s(0), "top_oil_temperature", 90.0));
        none(h.send(s(20), "top_oil_temperature", 90.0));
        // 40 s without data: the hold restarts at 60
        none(h.send(s(60), "top_oil_temperature", 90.0));
        none(h.tick(s(61)));
        none(h.send(s(90), "top_oil_temperature", 90.0));
        none(h.tick(s(119)));
        // the device falls silent: a tick must not extrapolate across the gap
        none(h.tick(s(121)));
        none(h.tick(s(140)));
        none(h.send(s(150), "top_oil_temperature", 90.0));
        none(h.send(s(170), "top_oil_temperature", 90.0));
        none(h.send(s(190), "top_oil_temperature", 90.0));
        none(h.tick(s(209)));
        one(h.tick(s(210)), AlertEvent.Kind.RAISED, Level.YELLOW, s(210));
    }

    @Test
    void countNeedsConsecutiveReadingsAndIgnoresDuplicateTimestamps() {
        Harness h = new Harness(dir, "power-transformer", """
                - id: pd
                  kind: threshold
                  field: partial_discharge_tev
                  levels:
                    yellow: {op: ">=", value: 20}
                    orange: {op: ">", value: 35}
                  count: 3
                """);
        none(h.send(s(0), "partial_discharge_tev", 25.0));
        none(h.send(s(1), "partial_discharge_tev", 25.0));
        none(h.send(s(1), "partial_discharge_tev", 25.0));
        none(h.send(s(2), "partial_discharge_tev", 19.0));
        none(h.send(s(3), "partial_discharge_tev", 25.0));
        none(h.send(s(4), "partial_discharge_tev", 36.0));
        one(h.send(s(5), "partial_discharge_tev", 36.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(5));
        AlertEvent e = one(h.send(s(6), "partial_discharge_tev", 36.0), AlertEvent.Kind.ESCALATED, Level.ORANGE, s(6));
        assertEquals(3, e.evidence().get("count"));
    }

    @Test
    void outOfOrderReadingsAreIgnoredAndDoNotBreakADuration() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL + "  for: 60s\n");
        none(h.send(s(100), "top_oil_temperature", 90.0));
        none(h.send(s(50), "top_oil_temperature", 20.0));
        none(h.send(s(130), "top_oil_temperature", 90.0));
        none(h.send(s(120), "top_oil_temperature", 96.0));
        one(h.send(s(160), "top_oil_temperature", 90.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(160));
    }

    @Test
    void duplicateTimestampsAreHarmless() {
        Harness h = new Harness(dir, "power-transformer", TOP_OIL + "  for: 60s\n");
        none(h.send(s(0), "top_oil_temperature", 90.0));
        none(h.send(s(0), "top_oil_temperature", 90.0));
        none(h.send(s(30), "top_oil_temperature", 90.0));
        none(h.send(s(30), "top_oil_temperature", 90.0));
        one(h.send(s(60), "top_oil_temperature", 90.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(60));
        none(h.send(s(60), "top_oil_temperature", 90.0));
    }

    @Test
    void betweenOutsideAndEnumEquality() {
        Harness h = new Harness(dir, "elevator", """
                - id: speed-band
                  kind: threshold
                  field: speed
                  levels:
                    blue: {op: between, value: [0.5, 1.0]}
                    red: {op: outside, value: [-1, 3]}
                - id: door-open
                  kind: threshold
                  field: door
                  level: yellow
                  op: "=="
                  value: open
                """);
        none(h.send(s(0), "speed", 0.49));
        one(h.send(s(1), "speed", 0.5), AlertEvent.Kind.RAISED, Level.BLUE, s(1));
        none(h.send(s(2), "speed", 1.0));
        one(h.send(s(3), "speed", 3.01), AlertEvent.Kind.ESCALATED, Level.RED, s(3));
        one(h.send(s(4), "speed", 3.0), AlertEvent.Kind.CLEARED, Level.RED, s(4));
        AlertEvent e = one(h.send(s(5), "door", "open"), AlertEvent.Kind.RAISED, Level.YELLOW, s(5));
        assertEquals("door-open", e.ruleId());
        assertEquals("open", e.evidence().get("value"));
        one(h.send(s(6), "door", "closing"), AlertEvent.Kind.CLEARED, Level.YELLOW, s(6));
    }
}
