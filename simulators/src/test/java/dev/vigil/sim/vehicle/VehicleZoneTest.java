package dev.vigil.sim.vehicle;

import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.Zone;
import dev.vigil.rules.zones.ZoneIndex;
import dev.vigil.rules.zones.ZoneKind;
import dev.vigil.rules.zones.ZoneLoadResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated routes and vehicles against the shipped Wuhai zones (zones/wuhai). */
class VehicleZoneTest {
    private static final Set<String> PROFILE_FIELDS = Set.of("ts", "lat", "lon", "speed", "heading", "altitude", "gnss_fix",
            "acc", "lock", "tank_pressure", "tank_temperature", "mileage");
    private static ZoneIndex zones;

    @BeforeAll
    static void load() {
        ZoneLoadResult r = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai"));
        assertEquals(List.of(), r.problems());
        zones = r.index();
    }

    private static List<Zone> at(double lon, double lat, ZoneKind kind) {
        return zones.containing(lon, lat).stream().filter(z -> z.kind() == kind).toList();
    }

    /** Readings every 5 s over {@code hours} of simulated driving. */
    private static List<Map<String, Object>> drive(Scenario scenario, double hours) {
        VehicleModel m = new VehicleModel("veh-test", scenario, 60, 0, 7);
        List<Map<String, Object>> out = new ArrayList<>();
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < hours * 720; i++) {
            m.advance(5);
            if (m.terminalOn()) out.add(m.reading(t0 + i * 5000L));
        }
        return out;
    }

    private static boolean unlocked(Map<String, Object> r) {
        return !"locked".equals(r.get("lock"));
    }

    private static double lon(Map<String, Object> r) { return (Double) r.get("lon"); }
    private static double lat(Map<String, Object> r) { return (Double) r.get("lat"); }

    @Test
    void approvedRoutesRunInsideCorridorsFromDepotToCustomer() {
        for (Route out : WuhaiRoutes.approved()) {
            for (Route r : List.of(out, out.reversed())) {
                for (double s = 0; s <= r.length(); s += 25) {
                    Route.Position p = r.at(s);
                    assertFalse(at(p.lon(), p.lat(), ZoneKind.CORRIDOR).isEmpty(), r.name() + " leaves the corridors at " + s + " m: " + p);
                    assertTrue(at(p.lon(), p.lat(), ZoneKind.RESTRICTED).isEmpty(), r.name() + " enters a restricted zone at " + s + " m");
                }
                Route.Position start = r.at(0), end = r.at(r.length());
                assertEquals(List.of(r.fromSite()), at(start.lon(), start.lat(), ZoneKind.AUTHORISED).stream().map(Zone::id).toList());
                assertEquals(List.of(r.toSite()), at(end.lon(), end.lat(), ZoneKind.AUTHORISED).stream().map(Zone::id).toList());
            }
        }
    }

    @Test
    void normalVehicleOpensTheLockOnlyInsideAuthorisedZonesAndKeepsTheLimits() {
        List<Map<String, Object>> readings = drive(Scenario.NORMAL, 6);
        long unlockedReadings = 0;
        double maxExpressway = 0;
        for (Map<String, Object> r : readings) {
            assertTrue(PROFILE_FIELDS.containsAll(r.keySet()), r.keySet().toString());
            if (unlocked(r)) {
                unlockedReadings++;
                assertFalse(at(lon(r), lat(r), ZoneKind.AUTHORISED).isEmpty(), "lock open outside authorised zones: " + r);
                assertEquals(0.0, r.get("speed"));
            }
            boolean expressway = zones.containing(lon(r), lat(r)).stream().anyMatch(z -> z.id().equals("corridor-g6-wuhai"))
                    && at(lon(r), lat(r), ZoneKind.AUTHORISED).isEmpty();
            double speed = (Double) r.get("speed");
            if (expressway) maxExpressway = Math.max(maxExpressway, speed);
            assertTrue(speed <= 80.0, "hazmat limit 80 km/h: " + r);
        }
        assertTrue(unlockedReadings > 100, "it loads and unloads: " + unlockedReadings);
        assertTrue(maxExpressway >= 65 && maxExpressway <= 80, "cruises on the G6 at " + maxExpressway);
        Set<String> sites = new java.util.TreeSet<>();
        for (Map<String, Object> r : readings) if (unlocked(r)) at(lon(r), lat(r), ZoneKind.AUTHORISED).forEach(z -> sites.add(z.id()));
        assertTrue(sites.size() >= 3 && sites.contains("depot-wuda-lowcarbon"), sites.toString());
        double firstMileage = (Double) readings.get(0).get("mileage"), lastMileage = (Double) readings.get(readings.size() - 1).get("mileage");
        assertTrue(lastMileage - firstMileage > 80, "drives some distance in 6 h: " + (lastMileage - firstMileage));
    }

    @Test
    void lockEnRouteOpensTheLockAtTheRoadside() {
        List<Map<String, Object>> outside = drive(Scenario.LOCK_EN_ROUTE, 1).stream()
                .filter(r -> unlocked(r) && at(lon(r), lat(r), ZoneKind.AUTHORISED).isEmpty()).toList();
        assertEquals(18, outside.size(), "90 s of open lock at one reading per 5 s");
        outside.forEach(r -> assertEquals(0.0, r.get("speed")));
    }

    @Test
    void speedingVehicleExceeds90OnTheExpressway() {
        double max = drive(Scenario.SPEEDING, 1).stream()
                .filter(r -> at(lon(r), lat(r), ZoneKind.CORRIDOR).stream().anyMatch(z -> z.id().equals("corridor-g6-wuhai")))
                .mapToDouble(r -> (Double) r.get("speed")).max().orElse(0);
        assertTrue(max > 90 && max < 100, "max on G6 " + max);
    }

    @Test
    void restrictedZoneVehicleCrossesTheCityCentre() {
        long inside = drive(Scenario.RESTRICTED_ZONE, 1).stream()
                .filter(r -> at(lon(r), lat(r), ZoneKind.RESTRICTED).stream().anyMatch(z -> z.id().equals("restricted-haibowan-centre")))
                .count();
        assertTrue(inside >= 12, "at least a minute inside: " + inside + " readings");
    }

    @Test
    void gnssLossDropsThePositionForSixMinutes() {
        List<Map<String, Object>> lost = drive(Scenario.GNSS_LOSS, 1).stream().filter(r -> r.get("gnss_fix").equals(false)).toList();
        assertEquals(72, lost.size());
        lost.forEach(r -> assertFalse(r.containsKey("lat") || r.containsKey("lon"), r.toString()));
    }

    @Test
    void offlineTerminalIsSilentFor35Minutes() {
        assertEquals(720 - 35 * 12, drive(Scenario.OFFLINE, 1).size());
    }

    @Test
    void fatigueDriverNeverRestsTwentyMinutes() {
        List<Map<String, Object>> readings = drive(Scenario.FATIGUE, 6);
        int run = 0, longest = 0;
        for (Map<String, Object> r : readings) {
            run = (Double) r.get("speed") == 0.0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertTrue(longest * 5 < 20 * 60, "longest stop " + longest * 5 + " s");
        assertTrue(longest * 5 >= 7 * 60, "it does stop to load and unload: " + longest * 5 + " s");
    }

    @Test
    void timeAcceleratedClockCatchesUpAndNeverRunsAhead() {
        long wall = 1_700_000_000_000L;
        SimClock c = new SimClock(wall, 5 * 3_600_000L, 60);
        assertEquals(wall - 5 * 3_600_000L, c.simNow(wall));
        assertEquals(wall - 4 * 3_600_000L, c.simNow(wall + 60_000));
        assertEquals(wall + 10 * 60_000, c.simNow(wall + 10 * 60_000));
    }
}
