package dev.vigil.rules;

import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.ZoneLoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hazmat default rules against the shipped Wuhai zones (circles, polygons and corridors). */
class ShippedZonesTest {
    @TempDir
    Path dir;

    private Harness harness() throws Exception {
        ZoneLoadResult z = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai"));
        assertTrue(z.ok(), z.problems()::toString);
        return new Harness(dir, "hazmat-vehicle", ExpressionRuleTest.defaults("hazmat-vehicle"), Map.of(), z.index());
    }

    @Test
    void unlockingAtACustomerSiteIsFineButEnRouteIsRedAtOnce() throws Exception {
        Harness h = harness();
        // Qianlishan customer site: a circle of 400 m around (106.905, 39.765)
        none(h.send(s(0), "lat", 39.765, "lon", 106.905, "speed", 0.0, "acc", true, "lock", "locked", "gnss_fix", true));
        none(h.send(s(10), "lat", 39.766, "lon", 106.906, "speed", 0.0, "acc", true, "lock", "unlocked", "gnss_fix", true));
        none(h.send(s(20), "lat", 39.766, "lon", 106.906, "speed", 0.0, "acc", true, "lock", "locked", "gnss_fix", true));
        // on the G6 corridor, outside every site
        none(h.send(s(30), "lat", 39.86, "lon", 106.86, "speed", 60.0, "acc", true, "lock", "locked", "gnss_fix", true));
        AlertEvent e = one(h.send(s(40), "lat", 39.859, "lon", 106.8602, "speed", 0.0, "acc", true, "lock", "tampered", "gnss_fix", true),
                AlertEvent.Kind.RAISED, Level.RED, s(40));
        assertEquals("lock-opened-outside-authorised-zone", e.ruleId());
    }

    @Test
    void theLakeIntakeCircleIsRestrictedAfterSixtySeconds() throws Exception {
        Harness h = harness();
        none(h.send(s(0), "lat", 39.62, "lon", 106.79, "speed", 30.0, "acc", true, "lock", "locked", "gnss_fix", true));
        none(h.send(s(30), "lat", 39.621, "lon", 106.791, "speed", 30.0, "acc", true, "lock", "locked", "gnss_fix", true));
        var events = h.send(s(60), "lat", 39.622, "lon", 106.792, "speed", 30.0, "acc", true, "lock", "locked", "gnss_fix", true);
        // inside the restricted circle, and therefore also off every approved corridor
        assertEquals(java.util.List.of("RAISED restricted-zone ORANGE " + s(60), "RAISED route-deviation ORANGE " + s(60)),
                events.stream().map(e -> e.kind() + " " + e.ruleId() + " " + e.level() + " " + e.time()).toList());
        assertEquals(java.util.List.of("restricted-wuhai-lake-intake"), events.get(0).evidence().get("zones_here"));
        assertEquals(s(0), events.get(0).evidence().get("since"));
    }
}
