package dev.vigil.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleTest {
    @TempDir
    Path dir;

    /** Epoch ms of a local time in Asia/Shanghai. */
    static long cst(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    }

    private static final String NIGHT = """
            - id: night
              kind: threshold
              field: speed
              op: ">"
              level: yellow
              value: 64
              active: {from: "22:00", to: "06:00"}
            """;

    @Test
    void nightWindowAcrossMidnightInShanghaiTime() {
        Harness h = new Harness(dir, "hazmat-vehicle", NIGHT);
        // 21:59:59 local is 13:59:59 UTC: inactive
        none(h.send(cst("2026-01-05T21:59:59"), "speed", 70.0));
        one(h.send(cst("2026-01-05T22:00:00"), "speed", 70.0), AlertEvent.Kind.RAISED, Level.YELLOW, cst("2026-01-05T22:00:00"));
        none(h.send(cst("2026-01-06T05:59:59"), "speed", 70.0));
        AlertEvent c = one(h.send(cst("2026-01-06T06:00:00"), "speed", 70.0), AlertEvent.Kind.CLEARED, Level.YELLOW, cst("2026-01-06T06:00:00"));
        assertEquals(true, c.evidence().get("quiet"));
        none(h.send(cst("2026-01-06T12:00:00"), "speed", 90.0));
    }

    @Test
    void daysNameTheDayTheWindowStarts() {
        Harness h = new Harness(dir, "hazmat-vehicle", NIGHT.replace("to: \"06:00\"}", "to: \"06:00\", days: [fri]}"));
        // Friday 2026-01-09 23:00 and Saturday 01:00 are Friday's window; Saturday 23:00 is not
        one(h.send(cst("2026-01-09T23:00:00"), "speed", 70.0), AlertEvent.Kind.RAISED, Level.YELLOW, cst("2026-01-09T23:00:00"));
        none(h.send(cst("2026-01-10T01:00:00"), "speed", 70.0));
        one(h.send(cst("2026-01-10T23:00:00"), "speed", 70.0), AlertEvent.Kind.CLEARED, Level.YELLOW, cst("2026-01-10T23:00:00"));
        none(h.send(cst("2026-01-11T01:00:00"), "speed", 70.0));
    }

    @Test
    void fatigueToleratesShortStopsButNotARestOfTwentyMinutes() throws Exception {
        Harness h = new Harness(dir, "hazmat-vehicle", ExpressionRuleTest.defaults("hazmat-vehicle"));
        long t0 = cst("2026-01-05T08:00:00");
        long min = 60_000;
        // drive 2 h, stop 15 min (not a rest), drive on: yellow at 3 h 30, orange at 4 h from the start
        for (long m = 0; m < 120; m += 5) none(h.send(t0 + m * min, "acc", true, "speed", 50.0, "lat", 39.61, "lon", 106.85, "lock", "locked"));
        for (long m = 120; m < 135; m += 5) none(h.send(t0 + m * min, "acc", true, "speed", 0.0));
        for (long m = 135; m < 210; m += 5) none(h.send(t0 + m * min, "acc", true, "speed", 50.0));
        AlertEvent y = one(h.send(t0 + 210 * min, "acc", true, "speed", 50.0), AlertEvent.Kind.RAISED, Level.YELLOW, t0 + 210 * min);
        assertEquals("fatigue-driving", y.ruleId());
        assertEquals(t0, y.evidence().get("since"));
        for (long m = 215; m < 240; m += 5) none(h.send(t0 + m * min, "acc", true, "speed", 50.0));
        one(h.send(t0 + 240 * min, "acc", true, "speed", 50.0), AlertEvent.Kind.ESCALATED, Level.ORANGE, t0 + 240 * min);
        // a 20-minute rest: the alert clears after the clear delay of 20 min
        for (long m = 245; m < 265; m += 5) none(h.send(t0 + m * min, "acc", false, "speed", 0.0));
        one(h.send(t0 + 265 * min, "acc", false, "speed", 0.0), AlertEvent.Kind.CLEARED, Level.ORANGE, t0 + 265 * min);
    }
}
