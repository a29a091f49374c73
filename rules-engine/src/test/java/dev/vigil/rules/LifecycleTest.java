package dev.vigil.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            - id: top-oil
              kind: threshold
              field: top_oil_temperature
              op: ">="
              levels: {yellow: 85, red: 95}
              for: 60s
              hysteresis: 2
            - id: winding
              kind: threshold
              field: winding_temperature
              op: ">="
              level: orange
              value: 95
            """;

    @Test
    void acknowledgementKeepsWhoWhenAndComment() {
        Harness h = new Harness(dir, "power-transformer", RULES);
        AlertEvent raised = one(h.send(s(0), "winding_temperature", 96.0), AlertEvent.Kind.RAISED, Level.ORANGE, s(0));
        AlertEvent ack = h.engine.acknowledge(raised.alertId(), "inspector.li", "dispatched maintenance", s(30));
        assertEquals(AlertEvent.Kind.ACKNOWLEDGED, ack.kind());
        assertEquals("inspector.li", ack.actor());
        assertEquals("dispatched maintenance", ack.comment());
        assertEquals(s(30), ack.time());
        assertEquals(Level.ORANGE, ack.level());
        Alert a = h.engine.alerts().get(raised.alertId());
        assertEquals("inspector.li", a.ackBy());
        assertEquals(s(30), a.ackAt());
        assertEquals("dispatched maintenance", a.ackComment());
        assertTrue(a.open());
        // clearing keeps the acknowledgement on the closed alert
        one(h.send(s(40), "winding_temperature", 80.0), AlertEvent.Kind.CLEARED, Level.ORANGE, s(40));
        Alert closed = h.engine.alerts().recent().get(0);
        assertEquals("inspector.li", closed.ackBy());
        assertEquals(s(40), closed.clearedAt());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.engine.acknowledge("nope", "inspector.li", "", s(50)));
        assertEquals("unknown alert 'nope' (not open and not recently closed)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.engine.acknowledge(raised.alertId(), " ", "", s(50)));
    }

    @Test
    void restartWithAnOpenAlertRaisesNoDuplicateAndStillClears() {
        Harness h = new Harness(dir, "power-transformer", RULES);
        List<AlertEvent> stored = new ArrayList<>();
        stored.addAll(h.send(s(0), "top_oil_temperature", 90.0));
        AlertEvent raised = one(h.send(s(60), "top_oil_temperature", 90.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(60));
        stored.add(raised);
        stored.add(h.engine.acknowledge(raised.alertId(), "ops", "seen", s(70)));
        Map<String, Long> seen = h.engine.lastSeen();

        h.engine = h.newEngine();
        none(h.engine.restore(stored, seen));
        Alert restored = h.engine.alerts().openFor("dev-1", "top-oil");
        assertEquals(raised.alertId(), restored.alertId());
        assertEquals("ops", restored.ackBy());
        // the condition still holds: no duplicate RAISED, not even after the 60 s hold
        none(h.send(s(100), "top_oil_temperature", 90.0));
        none(h.send(s(200), "top_oil_temperature", 84.0));
        none(h.tick(s(260)));
        // escalation continues the same alert
        none(h.send(s(270), "top_oil_temperature", 96.0));
        AlertEvent up = one(h.tick(s(330)), AlertEvent.Kind.ESCALATED, Level.RED, s(330));
        assertEquals(raised.alertId(), up.alertId());
        // the first reading below the hysteresis band clears it
        AlertEvent c = one(h.send(s(340), "top_oil_temperature", 82.9), AlertEvent.Kind.CLEARED, Level.RED, s(340));
        assertEquals(raised.alertId(), c.alertId());
        none(h.send(s(400), "top_oil_temperature", 96.0));
        AlertEvent again = one(h.tick(s(460)), AlertEvent.Kind.RAISED, Level.RED, s(460));
        assertNull(again.previous());
    }

    @Test
    void restartAfterTheConditionEndedStillClears() {
        Harness h = new Harness(dir, "power-transformer", RULES);
        AlertEvent raised = one(h.send(s(0), "winding_temperature", 99.0), AlertEvent.Kind.RAISED, Level.ORANGE, s(0));
        h.engine = h.newEngine();
        none(h.engine.restore(List.of(raised), Map.of("dev-1", s(0))));
        AlertEvent c = one(h.send(s(600), "winding_temperature", 70.0), AlertEvent.Kind.CLEARED, Level.ORANGE, s(600));
        assertEquals(raised.alertId(), c.alertId());
    }

    @Test
    void restartInTheMiddleOfAPendingDurationStartsItOver() {
        Harness h = new Harness(dir, "power-transformer", RULES);
        none(h.send(s(0), "top_oil_temperature", 90.0));
        none(h.send(s(30), "top_oil_temperature", 90.0));
        h.engine = h.newEngine();
        none(h.engine.restore(List.of(), Map.of("dev-1", s(30))));
        none(h.send(s(40), "top_oil_temperature", 90.0));
        none(h.tick(s(60)));
        none(h.tick(s(99)));
        one(h.tick(s(100)), AlertEvent.Kind.RAISED, Level.YELLOW, s(100));
    }

    @Test
    void restoreClearsAlertsOfRulesThatNoLongerExist() {
        Harness h = new Harness(dir, "power-transformer", RULES);
        AlertEvent gone = new AlertEvent("dev-1/old-rule/1", AlertEvent.Kind.RAISED, "dev-1", "power-transformer", "acme", "wuhai",
                "old-rule", 2, Level.RED, null, s(0), "x", Map.of(), null, null);
        List<AlertEvent> cleared = h.engine.restore(List.of(gone), Map.of("dev-1", s(10)));
        AlertEvent c = one(cleared, AlertEvent.Kind.CLEARED, Level.RED, s(10));
        assertEquals("dev-1/old-rule/1", c.alertId());
        assertEquals("rule no longer applies to this device", c.evidence().get("reason"));
        assertEquals(0, h.engine.alerts().openCount());
    }

    @Test
    void hotReloadKeepsStateOfUnchangedRulesAndClearsAlertsOfDisabledOnes() throws Exception {
        Harness h = new Harness(dir, "power-transformer", RULES);
        AlertEvent winding = one(h.send(s(0), "top_oil_temperature", 90.0, "winding_temperature", 96.0),
                AlertEvent.Kind.RAISED, Level.ORANGE, s(0));
        Path off = dir.resolve("off.yaml");
        java.nio.file.Files.writeString(off, """
                scope: {profile: power-transformer}
                rules:
                  - id: winding
                    enabled: false
                """);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("power-transformer", h.profile)).load(List.of(off));
        assertTrue(r.ok(), r.problems()::toString);
        AlertEvent c = one(h.engine.replaceRules(r.ruleSet(), s(30)), AlertEvent.Kind.CLEARED, Level.ORANGE, s(30));
        assertEquals(winding.alertId(), c.alertId());
        assertTrue(String.valueOf(c.evidence().get("reason")).startsWith("rule no longer applies"), c.toString());
        // top-oil kept its pending hold from 0 s across the reload
        none(h.send(s(31), "top_oil_temperature", 90.0, "winding_temperature", 99.0));
        AlertEvent e = one(h.tick(s(60)), AlertEvent.Kind.RAISED, Level.YELLOW, s(60));
        assertEquals(s(0), e.evidence().get("since"));
    }

    @Test
    void registryReloadResolvesScopesAgain() throws Exception {
        Path off = dir.resolve("acme-off.yaml");
        java.nio.file.Files.writeString(off, """
                scope: {profile: power-transformer, enterprise: other-co}
                rules:
                  - id: winding
                    enabled: false
                """);
        Harness h = new Harness(dir, "power-transformer", RULES);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("power-transformer", h.profile)).load(List.of(off));
        assertTrue(r.ok(), r.problems()::toString);
        none(h.engine.replaceRules(r.ruleSet(), s(0)));
        AlertEvent raised = one(h.send(s(1), "winding_temperature", 99.0), AlertEvent.Kind.RAISED, Level.ORANGE, s(1));
        var moved = Fixtures.device("dev-1", "power-transformer", "other-co", "wuhai", Map.of());
        var registry = new dev.vigil.profile.DeviceRegistry("", List.of(moved), Map.of("power-transformer", h.profile));
        AlertEvent c = one(h.engine.replaceRegistry(registry, s(5)), AlertEvent.Kind.CLEARED, Level.ORANGE, s(5));
        assertEquals(raised.alertId(), c.alertId());
        assertEquals("other-co", c.enterprise());
    }

    @Test
    void restoringOnlyTheLatestEventOfAnAlertIsEnough() {
        Harness h = new Harness(dir, "power-transformer", RULES);
        none(h.send(s(0), "top_oil_temperature", 90.0));
        AlertEvent raised = one(h.send(s(60), "top_oil_temperature", 96.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(60));
        none(h.send(s(90), "top_oil_temperature", 96.0));
        AlertEvent up = one(h.send(s(120), "top_oil_temperature", 96.0), AlertEvent.Kind.ESCALATED, Level.RED, s(120));
        h.engine = h.newEngine();
        none(h.engine.restore(List.of(up), Map.of("dev-1", s(120))));
        assertEquals(raised.alertId(), h.engine.alerts().openFor("dev-1", "top-oil").alertId());
        none(h.send(s(130), "top_oil_temperature", 96.0));
        none(h.tick(s(200)));
        AlertEvent c = one(h.send(s(210), "top_oil_temperature", 60.0), AlertEvent.Kind.CLEARED, Level.RED, s(210));
        assertEquals(raised.alertId(), c.alertId());
    }
}
