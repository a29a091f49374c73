package dev.vigil.gateway.alerts;

import dev.vigil.rules.Alert;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Query-parameter filters of the alert list and stream: parsing, refusals, and matching at the edges. */
class AlertFilterTest {

    private static AlertFilter parse(String... kv) {
        MultiMap q = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < kv.length; i += 2) q.add(kv[i], kv[i + 1]);
        return AlertFilter.parse(q, AlertFilter.State.ALL);
    }

    private static Alert alert(Level level, long raised, long cleared) {
        return new Alert("d1/r1/" + raised, "d1", "elevator", "E", "R", "r1", 1, level, raised, raised,
                cleared, "m", Map.of(), null, -1, null);
    }

    private static AlertEvent event(Level level, long time) {
        return new AlertEvent("d1/r1/1", AlertEvent.Kind.RAISED, "d1", "elevator", "E", "R", "r1", 1, level, null,
                time, "m", Map.of(), null, null);
    }

    @Test
    void levelsAndMinimumLevel() {
        assertEquals(EnumSet.of(Level.ORANGE, Level.RED), parse("level", "orange,RED").levels());
        assertEquals(EnumSet.of(Level.YELLOW, Level.ORANGE, Level.RED), parse("min_level", "yellow").levels());
        assertEquals(EnumSet.of(Level.RED), parse("level", "blue,red", "min_level", "orange").levels());
        assertEquals(EnumSet.allOf(Level.class), parse().levels());
    }

    @Test
    void timeRangeIsInclusiveAndAlertsOverlapIt() {
        AlertFilter f = parse("from", "1000", "to", "2000");
        assertTrue(f.matches(event(Level.RED, 1000)));
        assertTrue(f.matches(event(Level.RED, 2000)));
        assertFalse(f.matches(event(Level.RED, 999)));
        assertFalse(f.matches(event(Level.RED, 2001)));
        assertTrue(f.matches(alert(Level.RED, 500, 1000)), "cleared exactly at from");
        assertFalse(f.matches(alert(Level.RED, 500, 999)));
        assertTrue(f.matches(alert(Level.RED, 2000, -1)), "raised exactly at to, still open");
        assertFalse(f.matches(alert(Level.RED, 2001, -1)));
        assertTrue(f.matches(alert(Level.RED, 1, -1)), "open since before from");
        assertEquals(1_764_230_400_000L, parse("from", "2025-11-27T08:00:00Z").from());
        assertEquals(1_764_230_400_000L, parse("from", "2025-11-27T16:00:00+08:00").from());
    }

    @Test
    void stateSelectsOpenOrClosed() {
        assertTrue(parse("state", "open").matches(alert(Level.BLUE, 1, -1)));
        assertFalse(parse("state", "open").matches(alert(Level.BLUE, 1, 2)));
        assertTrue(parse("state", "closed").matches(alert(Level.BLUE, 1, 2)));
        assertFalse(parse("state", "closed").matches(alert(Level.BLUE, 1, -1)));
    }

    @Test
    void fieldsMustMatchExactly() {
        assertTrue(parse("device", "d1", "profile", "elevator", "enterprise", "E", "region", "R", "rule", "r1")
                .matches(event(Level.BLUE, 5)));
        assertFalse(parse("device", "d2").matches(event(Level.BLUE, 5)));
        assertFalse(parse("rule", "r").matches(event(Level.BLUE, 5)));
        assertFalse(parse("level", "red").matches(event(Level.ORANGE, 5)));
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("level must be blue, yellow, orange or red, got 'amber'",
                assertThrows(AlertFilter.BadParameter.class, () -> parse("level", "red,amber")).getMessage());
        assertEquals("min_level must be blue, yellow, orange or red, got 'x'",
                assertThrows(AlertFilter.BadParameter.class, () -> parse("min_level", "x")).getMessage());
        assertEquals("to must be epoch milliseconds or ISO-8601 (2026-11-27T08:00:00Z), got '2025-13-01'",
                assertThrows(AlertFilter.BadParameter.class, () -> parse("to", "2025-13-01")).getMessage());
        MultiMap q = MultiMap.caseInsensitiveMultiMap().add("limit", "0");
        assertEquals("limit must be between 1 and 100, got 0",
                assertThrows(AlertFilter.BadParameter.class, () -> AlertFilter.limit(q, 10, 100)).getMessage());
        assertEquals(10, AlertFilter.limit(MultiMap.caseInsensitiveMultiMap(), 10, 100));
    }
}
