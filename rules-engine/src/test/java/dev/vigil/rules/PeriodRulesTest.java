package dev.vigil.rules;

import dev.vigil.profile.DeviceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules on a station's own period averages ({@code period: hour}): they see only the HJ 212 hourly
 * values, each once at the start of its hour; only hours whose value is flagged N count
 * ({@code where}); flagged hours neither raise nor clear; readings and period averages do not mix.
 */
class PeriodRulesTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            - id: so2-station-hourly
              kind: expression
              period: hour
              where: 'so2_flag == "N" && o2 < 20.0'
              levels:
                orange: 'so2 * (21.0 - o2_reference) / (21.0 - o2) > so2_limit'
                red: 'so2 * (21.0 - o2_reference) / (21.0 - o2) > 2.0 * so2_limit'
            - id: so2-realtime-high
              kind: threshold
              field: so2
              op: ">"
              value: 40
              level: yellow
            """;

    private static Object[] hour(double so2, String flag) {
        return new Object[] {"so2", so2, "so2_flag", flag, "o2", 6.0, "period", "hour"};
    }

    @Test
    void aFlagNHourAboveTheLimitRaisesAtTheStartOfItsHour() {
        Harness h = new Harness(dir, "emission-cems", RULES);
        AlertEvent e = one(h.send(s(0), hour(50.0, "N")), AlertEvent.Kind.RAISED, Level.ORANGE, s(0));
        assertEquals("so2-station-hourly", e.ruleId());
        assertEquals(Map.of("so2", 50.0, "o2", 6.0, "o2_reference", 6.0, "so2_limit", 35.0), e.evidence().get("values"));
        one(h.send(s(3600), hour(80.0, "N")), AlertEvent.Kind.ESCALATED, Level.RED, s(3600));
        one(h.send(s(7200), hour(20.0, "N")), AlertEvent.Kind.CLEARED, Level.RED, s(7200));
    }

    @Test
    void hoursFlaggedOtherThanNAreExcludedNeitherRaisingNorClearing() {
        Harness h = new Harness(dir, "emission-cems", RULES);
        for (String flag : List.of("M", "C", "F", "D", "T", "B", "S")) none(h.send(s(0), hour(500.0, flag)));
        one(h.send(s(3600), hour(50.0, "N")), AlertEvent.Kind.RAISED, Level.ORANGE, s(3600));
        none(h.send(s(7200), hour(1.0, "M")));
        // a value missing from an hour is unknown, not the previous hour's
        none(h.send(s(10800), "nox", 10.0, "nox_flag", "N", "o2", 6.0, "period", "hour"));
        one(h.send(s(14400), hour(1.0, "N")), AlertEvent.Kind.CLEARED, Level.ORANGE, s(14400));
    }

    @Test
    void readingsAndPeriodAveragesDoNotMix() {
        Harness h = new Harness(dir, "emission-cems", RULES);
        // an hourly value never reaches the rules of the readings
        none(h.send(s(0), hour(50.0, "N")).stream().filter(e -> !e.ruleId().equals("so2-station-hourly")).toList());
        // a real-time reading never reaches a period rule, and is not "out of order" for it either
        AlertEvent rt = one(h.send(s(5000), "so2", 60.0, "so2_flag", "N", "o2", 6.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(5000));
        assertEquals("so2-realtime-high", rt.ruleId());
        one(h.send(s(3600), hour(10.0, "N")), AlertEvent.Kind.CLEARED, Level.ORANGE, s(3600));
    }

    @Test
    void anOpenPeriodAlertSurvivesARestart() {
        Harness h = new Harness(dir, "emission-cems", RULES);
        AlertEvent raised = one(h.send(s(0), hour(50.0, "N")), AlertEvent.Kind.RAISED, Level.ORANGE, s(0));
        RuleEngine fresh = h.newEngine();
        assertEquals(List.of(), fresh.restore(List.of(raised), Map.of()), "the period rule still applies: not an orphan");
        h.engine = fresh;
        none(h.send(s(3600), hour(60.0, "N")));
        one(h.send(s(7200), hour(1.0, "N")), AlertEvent.Kind.CLEARED, Level.ORANGE, s(7200));
    }

    @Test
    void badPeriodsAreReportedAtTheirLines() {
        for (String[] c : new String[][] {
                {"kind: expression\n  period: week\n  when: 'so2 > 1.0'\n  level: blue",
                        "period 'week': profile emission-cems has periods [minute, hour, day]"},
                {"kind: window\n  period: hour\n  field: so2\n  window: {type: tumbling, size: 1h, aggregate: mean}\n  levels: {blue: {op: '>', value: 1}}",
                        "'period' is only for kinds threshold and expression (one observation per period average)"}}) {
            DeviceProfile p = Fixtures.profileWithRules(dir, "emission-cems", "- id: bad\n  " + c[0] + "\n");
            RuleSetLoader.Result r = new RuleSetLoader(Map.of("emission-cems", p)).load(List.of());
            assertFalse(r.ok());
            List<String> msgs = r.problems().stream().map(dev.vigil.profile.Problem::toString).toList();
            assertTrue(msgs.stream().anyMatch(m -> m.matches(".*:\\d+: rule bad: " + java.util.regex.Pattern.quote(c[1]))), msgs.toString());
        }
    }

    @Test
    void shippedCemsProfileRunsItsStationHourlyRulesOnHourlyDataOnly() {
        DeviceProfile p = Fixtures.profile("emission-cems");
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("emission-cems", p)).load(List.of());
        assertTrue(r.ok(), r.problems().toString());
        List<String> hourly = r.ruleSet().rules().stream().filter(x -> "hour".equals(x.period())).map(x -> x.id()).toList();
        assertEquals(List.of("so2-station-hourly-exceeded", "nox-station-hourly-exceeded", "particulate-station-hourly-exceeded"), hourly);
    }
}
