package dev.vigil.rules;

import dev.vigil.profile.Problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionRuleTest {
    @TempDir
    Path dir;

    /** The default rules list of a shipped profile: everything after its top-level {@code rules:} key. */
    static String defaults(String profile) throws IOException {
        String text = Files.readString(Fixtures.profileFile(profile), StandardCharsets.UTF_8);
        int i = text.indexOf("\nrules:\n");
        if (i < 0) throw new IllegalStateException(profile + " has no rules section");
        int quality = text.indexOf("\nquality:\n", i); // data-quality checks follow the rules in emission-cems
        return quality < 0 ? text.substring(i + "\nrules:\n".length()) : text.substring(i + "\nrules:\n".length(), quality + 1);
    }

    private static Object[] trapped() {
        return new Object[] {"occupied", true, "door", "closed", "in_door_zone", true, "running", false,
                "speed", 0.0, "service_mode", "normal"};
    }

    @Test
    void trappedAtLevelIsOrangeAfter20sRedAfter30MinAndClearsWhenTheDoorOpens() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        none(h.send(s(0), trapped()));
        none(h.send(s(10), trapped()));
        none(h.tick(s(19.999)));
        AlertEvent raised = one(h.tick(s(20)), AlertEvent.Kind.RAISED, Level.ORANGE, s(20));
        assertEquals("trapped-at-level", raised.ruleId());
        assertEquals(s(0), raised.evidence().get("since"));
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) raised.evidence().get("values");
        assertEquals(Map.of("occupied", true, "door", "closed", "in_door_zone", true, "running", false), values);
        assertTrue(raised.message().startsWith("[橙色预警] 平层困人 / [orange] Passenger trapped at a landing"), raised.message());
        for (int t = 60; t < 1800; t += 60) none(h.send(s(t), trapped()));
        none(h.tick(s(1799)));
        AlertEvent red = one(h.tick(s(1800)), AlertEvent.Kind.ESCALATED, Level.RED, s(1800));
        assertEquals(raised.alertId(), red.alertId());
        AlertEvent cleared = one(h.send(s(1900), "occupied", true, "door", "opening", "in_door_zone", true, "running", false),
                AlertEvent.Kind.CLEARED, Level.RED, s(1900));
        assertEquals(raised.alertId(), cleared.alertId());
    }

    @Test
    void aFlickeringPersonSensorNeitherDelaysNorClearsTheTrappedAlarm() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        Object[] blink = trapped().clone();
        blink[1] = false;
        none(h.send(s(0), trapped()));
        none(h.send(s(8), blink));
        none(h.send(s(12), trapped()));
        AlertEvent raised = one(h.tick(s(20)), AlertEvent.Kind.RAISED, Level.ORANGE, s(20));
        assertEquals(s(0), raised.evidence().get("since"));
        none(h.send(s(30), blink));
        none(h.tick(s(60)));
        none(h.send(s(61), trapped()));
        one(h.send(s(70), "door", "opening"), AlertEvent.Kind.CLEARED, Level.ORANGE, s(70));
    }

    @Test
    void aTicklessDeviceThatKeepsSendingRaisesOnTheReadingAt20s() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        for (int t = 0; t < 20; t += 5) none(h.send(s(t), trapped()));
        one(h.send(s(20), trapped()), AlertEvent.Kind.RAISED, Level.ORANGE, s(20));
    }

    @Test
    void quietInMaintenanceRaisesNothingAndClearsAnOpenAlert() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        Object[] maintenance = trapped().clone();
        maintenance[11] = "maintenance";
        none(h.send(s(0), maintenance));
        none(h.tick(s(60)));
        none(h.send(s(100), maintenance));
        none(h.tick(s(3600)));
        none(h.send(s(3601), trapped()));
        AlertEvent raised = one(h.tick(s(3621)), AlertEvent.Kind.RAISED, Level.ORANGE, s(3621));
        AlertEvent cleared = one(h.send(s(3630), maintenance), AlertEvent.Kind.CLEARED, Level.ORANGE, s(3630));
        assertEquals(raised.alertId(), cleared.alertId());
        assertEquals(true, cleared.evidence().get("quiet"));
    }

    @Test
    void overspeedUsesTheDeviceRatedSpeedParameter() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"), Map.of("rated_speed", 1.0), dev.vigil.rules.zones.ZoneIndex.empty());
        Object[] base = {"occupied", false, "door", "closed", "in_door_zone", false, "running", true, "service_mode", "normal"};
        none(h.send(s(0), concat(base, "speed", 1.2)));
        AlertEvent o = one(h.send(s(1), concat(base, "speed", 1.21)), AlertEvent.Kind.RAISED, Level.ORANGE, s(1));
        assertEquals("overspeed", o.ruleId());
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) o.evidence().get("values");
        assertEquals(1.0, values.get("rated_speed"));
        assertEquals(1.21, values.get("speed"));
        one(h.send(s(2), concat(base, "speed", 1.41)), AlertEvent.Kind.ESCALATED, Level.RED, s(2));
        none(h.send(s(3), concat(base, "speed", 1.0)));
        none(h.send(s(7.999), concat(base, "speed", 1.0)));
        one(h.send(s(8), concat(base, "speed", 1.0)), AlertEvent.Kind.CLEARED, Level.RED, s(8));
    }

    @Test
    void withoutTheParameterTheProfileDefaultApplies() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        Object[] base = {"occupied", false, "door", "closed", "in_door_zone", false, "running", true, "service_mode", "normal"};
        // rated_speed defaults to 1.75 m/s in the elevator profile: 1.2 x 1.75 = 2.1
        none(h.send(s(0), concat(base, "speed", 2.1)));
        one(h.send(s(1), concat(base, "speed", 2.11)), AlertEvent.Kind.RAISED, Level.ORANGE, s(1));
    }

    @Test
    void stoppedOutsideTheDoorZoneIsYellowAndRedWhenOccupied() throws IOException {
        Harness h = new Harness(dir, "elevator", defaults("elevator"));
        Object[] empty = {"occupied", false, "door", "closed", "in_door_zone", false, "running", false, "speed", 0.0, "service_mode", "normal"};
        none(h.send(s(0), empty));
        one(h.tick(s(45)), AlertEvent.Kind.RAISED, Level.YELLOW, s(45));
        Object[] occupied = empty.clone();
        occupied[1] = true;
        // occupied and not in the door zone is also "trapped between floors" (red after 20 s)
        none(h.send(s(50), occupied));
        List<AlertEvent> at70 = h.tick(s(70));
        assertEquals(1, at70.size(), at70::toString);
        assertEquals("trapped-between-floors", at70.get(0).ruleId());
        AlertEvent red = one(h.tick(s(95)), AlertEvent.Kind.ESCALATED, Level.RED, s(95));
        assertEquals("stopped-outside-door-zone", red.ruleId());
    }

    @Test
    void celCompileErrorsAreReportedWithFileAndLine() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                scope: {profile: elevator, enterprise: acme}
                rules:
                  - id: ok-rule
                    kind: expression
                    when: 'running && door != "closed"'
                    level: orange
                  - id: typo
                    kind: expression
                    level: red
                    when: 'occupied && dooor == "closed"'
                  - id: not-boolean
                    kind: expression
                    levels:
                      yellow: 'speed * 2.0'
                  - id: syntax
                    kind: expression
                    level: red
                    when: running
                    quiet_when: 'service_mode == '
                """, StandardCharsets.UTF_8);
        List<Problem> problems = RuleCheck.check(List.of(f), Fixtures.profiles());
        assertEquals(3, problems.size(), problems::toString);
        assertEquals(f + ":10: rule typo: when: undeclared reference to 'dooor' (column 13)", problems.get(0).toString());
        assertEquals(f + ":14: rule not-boolean: levels.yellow.when: expression gives double, expected bool", problems.get(1).toString());
        assertTrue(problems.get(2).toString().startsWith(f + ":19: rule syntax: quiet_when: "), problems.get(2)::toString);
        assertFalse(new RuleSetLoader(Fixtures.profiles()).load(List.of(f)).ok());
    }

    static Object[] concat(Object[] a, Object... b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
