package dev.vigil.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

class WindowRuleTest {
    @TempDir
    Path dir;

    private static final String HOURLY = """
            - id: so2-hourly
              kind: window
              value: 'so2 * 15.0 / (21.0 - o2)'
              where: 'data_flag == "N"'
              window: {type: tumbling, size: 1h, aggregate: mean}
              levels:
                orange: {op: ">", value: 35}
                red: {op: ">", value: 70}
            """;

    @Test
    void hourlyMeanOfValidConvertedReadingsRaisesWhenTheHourCloses() {
        Harness h = new Harness(dir, "emission-cems", HOURLY);
        // o2 = 6 %: conversion factor 1, so the converted value equals so2
        none(h.send(s(0), "so2", 30.0, "o2", 6.0, "data_flag", "N"));
        none(h.send(s(1200), "so2", 40.0, "o2", 6.0, "data_flag", "N"));
        // calibration reading: excluded from the mean although it is huge
        none(h.send(s(1800), "so2", 500.0, "o2", 6.0, "data_flag", "C"));
        // o2 = 11 %: 20 * 15 / 10 = 30
        none(h.send(s(2400), "so2", 20.0, "o2", 11.0, "data_flag", "N"));
        none(h.send(s(3000), "so2", 50.0, "o2", 6.0, "data_flag", "N"));
        none(h.tick(s(3599.999)));
        AlertEvent e = one(h.tick(s(3600)), AlertEvent.Kind.RAISED, Level.ORANGE, s(3600));
        assertEquals(37.5, e.evidence().get("mean"));
        assertEquals(4, e.evidence().get("samples"));
        assertEquals(1, e.evidence().get("excluded"), "the calibration reading is shown as kept out");
        assertEquals(s(0), e.evidence().get("window_start"));
        assertEquals(s(3600), e.evidence().get("window_end"));
        // the next hour is clean: cleared when it closes, by the first reading of the hour after
        none(h.send(s(3700), "so2", 10.0, "o2", 6.0, "data_flag", "N"));
        AlertEvent c = one(h.send(s(7300), "so2", 10.0, "o2", 6.0, "data_flag", "N"), AlertEvent.Kind.CLEARED, Level.ORANGE, s(7200));
        assertEquals(10.0, c.evidence().get("mean"));
    }

    @Test
    void tumblingWindowsAreAlignedToTheClockAndExactlyAtTheLimitDoesNotExceed() {
        Harness h = new Harness(dir, "emission-cems", HOURLY);
        none(h.send(s(1800), "so2", 35.0, "o2", 6.0, "data_flag", "N"));
        none(h.tick(s(3600)));
        none(h.send(s(3600), "so2", 71.0, "o2", 6.0, "data_flag", "N"));
        one(h.tick(s(7200)), AlertEvent.Kind.RAISED, Level.RED, s(7200));
    }

    @Test
    void threeExceedingHoursRunningCountAsRed() {
        Harness h = new Harness(dir, "emission-cems", """
                - id: so2-3h
                  kind: window
                  field: so2
                  window: {type: tumbling, size: 1h, aggregate: mean}
                  levels:
                    red: {op: ">", value: 35, count: 3}
                """);
        for (int hour = 0; hour < 2; hour++) {
            none(h.send(s(hour * 3600 + 60), "so2", 40.0));
            none(h.tick(s(hour * 3600 + 3600)));
        }
        none(h.send(s(2 * 3600 + 60), "so2", 40.0));
        AlertEvent e = one(h.tick(s(3 * 3600)), AlertEvent.Kind.RAISED, Level.RED, s(3 * 3600));
        assertEquals(3, e.evidence().get("count"));
    }

    @Test
    void slidingMeanWithHysteresisAndPreWarningDuration() {
        Harness h = new Harness(dir, "emission-cems", """
                - id: so2-pre
                  kind: window
                  field: so2
                  window: {type: sliding, size: 10m, aggregate: mean}
                  levels:
                    blue: {op: ">", value: 28, for: 20m}
                  hysteresis: 1
                """);
        for (int m = 0; m < 20; m++) none(h.send(s(m * 60), "so2", 29.0));
        AlertEvent e = one(h.send(s(20 * 60), "so2", 29.0), AlertEvent.Kind.RAISED, Level.BLUE, s(1200));
        assertEquals(29.0, e.evidence().get("mean"));
        assertEquals(s(600), e.evidence().get("window_start"));
        assertEquals(11, e.evidence().get("samples"));
        // mean drops to 27.5: inside the hysteresis band (> 27), stays open
        for (int m = 21; m <= 31; m++) none(h.send(s(m * 60), "so2", 27.5));
        one(h.send(s(32 * 60), "so2", 20.0), AlertEvent.Kind.CLEARED, Level.BLUE, s(1920));
    }

    @Test
    void rateOfChangeTopOilFiveDegreesInTenMinutes() {
        Harness h = new Harness(dir, "power-transformer", """
                - id: rising
                  kind: rate
                  field: top_oil_temperature
                  window: 10m
                  level: yellow
                  op: ">="
                  value: 5
                """);
        none(h.send(s(0), "top_oil_temperature", 60.0));
        none(h.send(s(300), "top_oil_temperature", 62.0));
        none(h.send(s(540), "top_oil_temperature", 64.9));
        AlertEvent e = one(h.send(s(600), "top_oil_temperature", 65.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(600));
        assertEquals(5.0, e.evidence().get("change"));
        assertEquals(s(0), e.evidence().get("window_start"));
        // 601 s: the 60.0 reading has left the window, change is 65.5 - 62 = 3.5
        one(h.send(s(601), "top_oil_temperature", 65.5), AlertEvent.Kind.CLEARED, Level.YELLOW, s(601));
    }

    @Test
    void outOfOrderReadingsDoNotEnterARate() {
        Harness h = new Harness(dir, "power-transformer", """
                - id: rising
                  kind: rate
                  field: top_oil_temperature
                  window: 10m
                  level: yellow
                  op: ">="
                  value: 5
                """);
        none(h.send(s(300), "top_oil_temperature", 62.0));
        none(h.send(s(0), "top_oil_temperature", 50.0));
        none(h.send(s(600), "top_oil_temperature", 66.0));
    }

    @Test
    void flatLineForFourHours() {
        Harness h = new Harness(dir, "emission-cems", """
                - id: flat
                  kind: flatline
                  field: so2
                  level: yellow
                  for: 4h
                  max_gap: 30m
                """);
        none(h.send(s(0), "so2", 12.0));
        // within the 0 tolerance only an identical value counts as unchanged
        for (int m = 10; m < 250; m += 10) none(h.send(s(m * 60), "so2", 12.0));
        AlertEvent e = one(h.send(s(250 * 60), "so2", 12.0), AlertEvent.Kind.RAISED, Level.YELLOW, s(250 * 60));
        assertEquals(12.0, e.evidence().get("value"));
        assertEquals(s(600), e.evidence().get("since"));
        one(h.send(s(251 * 60), "so2", 12.001), AlertEvent.Kind.CLEARED, Level.YELLOW, s(251 * 60));
    }
}
