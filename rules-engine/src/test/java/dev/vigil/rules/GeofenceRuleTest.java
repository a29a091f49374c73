package dev.vigil.rules;

import dev.vigil.rules.zones.Zone;
import dev.vigil.rules.zones.ZoneIndex;
import dev.vigil.rules.zones.ZoneKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GeofenceRuleTest {
    @TempDir
    Path dir;

    /** A zone index over JTS geometries in degrees (enough for tests; the product's loader builds the real one). */
    static final class JtsZones implements ZoneIndex {
        private final GeometryFactory gf = new GeometryFactory();
        private final Map<Zone, Geometry> zones = new LinkedHashMap<>();

        JtsZones box(String id, ZoneKind kind, double lon0, double lat0, double lon1, double lat1) {
            zones.put(new Zone(id, kind, id, id, Map.of()), gf.createPolygon(new Coordinate[] {
                    new Coordinate(lon0, lat0), new Coordinate(lon1, lat0), new Coordinate(lon1, lat1),
                    new Coordinate(lon0, lat1), new Coordinate(lon0, lat0)}));
            return this;
        }

        JtsZones corridor(String id, double halfWidthDeg, double... lonLat) {
            Coordinate[] c = new Coordinate[lonLat.length / 2];
            for (int i = 0; i < c.length; i++) c[i] = new Coordinate(lonLat[2 * i], lonLat[2 * i + 1]);
            zones.put(new Zone(id, ZoneKind.CORRIDOR, id, id, Map.of()), gf.createLineString(c).buffer(halfWidthDeg));
            return this;
        }

        @Override
        public List<Zone> containing(double lon, double lat) {
            List<Zone> out = new ArrayList<>();
            var p = gf.createPoint(new Coordinate(lon, lat));
            zones.forEach((z, g) -> { if (g.covers(p)) out.add(z); });
            return out;
        }

        @Override
        public double distanceMetres(String zoneId, double lon, double lat) {
            return Double.NaN;
        }

        @Override
        public Zone byId(String id) {
            return zones.keySet().stream().filter(z -> z.id().equals(id)).findFirst().orElse(null);
        }

        @Override
        public Collection<Zone> all() {
            return zones.keySet();
        }
    }

    static JtsZones wuhai() {
        return new JtsZones()
                .box("depot", ZoneKind.AUTHORISED, 106.80, 39.60, 106.82, 39.62)
                .box("city-centre", ZoneKind.RESTRICTED, 106.78, 39.65, 106.84, 39.69)
                .corridor("g6", 0.005, 106.82, 39.61, 106.90, 39.61);
    }

    @Test
    void restrictedZoneNeedsSixtySecondsOfDwell() {
        Harness h = new Harness(dir, "hazmat-vehicle", """
                - id: restricted
                  kind: geofence
                  inside: {kind: restricted}
                  level: orange
                  dwell: 60s
                """, Map.of(), wuhai());
        none(h.send(s(0), "lat", 39.66, "lon", 106.80));
        none(h.send(s(30), "lat", 39.66, "lon", 106.81));
        none(h.send(s(45), "lat", 39.64, "lon", 106.81));
        none(h.tick(s(60)));
        none(h.send(s(100), "lat", 39.65, "lon", 106.78));
        none(h.send(s(130), "lat", 39.67, "lon", 106.80));
        none(h.tick(s(159)));
        AlertEvent e = one(h.tick(s(160)), AlertEvent.Kind.RAISED, Level.ORANGE, s(160));
        assertEquals(List.of("city-centre"), e.evidence().get("zones_here"));
        assertEquals("inside", e.evidence().get("test"));
        one(h.send(s(170), "lat", 39.70, "lon", 106.80), AlertEvent.Kind.CLEARED, Level.ORANGE, s(170));
    }

    @Test
    void leavingTheCorridorIsARouteDeviation() {
        Harness h = new Harness(dir, "hazmat-vehicle", """
                - id: deviation
                  kind: geofence
                  outside: {ids: [g6]}
                  level: orange
                  dwell: 60s
                """, Map.of(), wuhai());
        none(h.send(s(0), "lat", 39.61, "lon", 106.85));
        none(h.send(s(10), "lat", 39.62, "lon", 106.85));
        none(h.send(s(40), "lat", 39.62, "lon", 106.86));
        one(h.send(s(70), "lat", 39.62, "lon", 106.87), AlertEvent.Kind.RAISED, Level.ORANGE, s(70));
    }

    @Test
    void lockOpenedOutsideAnAuthorisedZoneIsRedImmediately() throws Exception {
        Harness h = new Harness(dir, "hazmat-vehicle", ExpressionRuleTest.defaults("hazmat-vehicle"), Map.of(), wuhai());
        none(h.send(s(0), "lat", 39.61, "lon", 106.81, "speed", 0.0, "acc", false, "lock", "unlocked", "gnss_fix", true));
        none(h.send(s(60), "lat", 39.61, "lon", 106.81, "speed", 0.0, "acc", true, "lock", "locked", "gnss_fix", true));
        none(h.send(s(120), "lat", 39.61, "lon", 106.85, "speed", 50.0, "acc", true, "lock", "locked", "gnss_fix", true));
        AlertEvent e = one(h.send(s(180), "lat", 39.61, "lon", 106.86, "speed", 0.0, "acc", true, "lock", "unlocked", "gnss_fix", true),
                AlertEvent.Kind.RAISED, Level.RED, s(180));
        assertEquals("lock-opened-outside-authorised-zone", e.ruleId());
    }
}
