package dev.vigil.rules.zones;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeoJsonZoneLoaderTest {
    private static final double EARTH_RADIUS = 6_371_008.8;

    @TempDir
    Path dir;

    /** A point {@code metres} away from (lon, lat) on a bearing, on a sphere (independent of the loader's projection). */
    static double[] offset(double lon, double lat, double bearingDeg, double metres) {
        double d = metres / EARTH_RADIUS, b = Math.toRadians(bearingDeg);
        double p1 = Math.toRadians(lat), l1 = Math.toRadians(lon);
        double p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
        double l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
        return new double[]{Math.toDegrees(l2), Math.toDegrees(p2)};
    }

    private Path write(String name, String features) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
        return f;
    }

    private static String feature(String id, String kind, String extraProps, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"name_zh\":\"区\",\"name_en\":\"zone\""
                + extraProps + "},\"geometry\":" + geometry + "}";
    }

    private static List<String> ids(List<Zone> zones) {
        return zones.stream().map(Zone::id).toList();
    }

    @Test
    void polygonContainsInsideAndBoundaryButNotOutside() throws IOException {
        ZoneIndex idx = GeoJsonZoneLoader.load(write("a.geojson", feature("park", "authorised", "",
                "{\"type\":\"Polygon\",\"coordinates\":[[[106.69,39.52],[106.71,39.52],[106.71,39.54],[106.69,39.54],[106.69,39.52]]]}")));
        assertEquals(List.of("park"), ids(idx.containing(106.70, 39.53)));
        assertEquals(List.of("park"), ids(idx.containing(106.71, 39.53)), "boundary counts as inside");
        assertEquals(List.of(), ids(idx.containing(106.72, 39.53)));
        assertEquals(0.0, idx.distanceMetres("park", 106.70, 39.53));
        // 500 m east of the east edge
        double[] p = offset(106.71, 39.53, 90, 500);
        assertEquals(500, idx.distanceMetres("park", p[0], p[1]), 2.5);
        Zone z = idx.byId("park");
        assertEquals(ZoneKind.AUTHORISED, z.kind());
        assertEquals("区", z.nameZh());
        assertEquals("zone", z.nameEn());
        assertTrue(Double.isNaN(idx.distanceMetres("nope", 106.7, 39.53)));
    }

    @Test
    void circleRadiusIsMetresAtWuhaiLatitude() throws IOException {
        ZoneIndex idx = GeoJsonZoneLoader.load(write("c.geojson", feature("site", "authorised", ",\"radius_m\":300,\"owner\":\"Hainan Chem\"",
                "{\"type\":\"Point\",\"coordinates\":[106.855,39.625]}")));
        for (int bearing : new int[]{0, 90, 180, 270, 45}) {
            double[] in = offset(106.855, 39.625, bearing, 292);
            double[] out = offset(106.855, 39.625, bearing, 308);
            assertEquals(List.of("site"), ids(idx.containing(in[0], in[1])), "292 m at bearing " + bearing);
            assertEquals(List.of(), ids(idx.containing(out[0], out[1])), "308 m at bearing " + bearing);
            assertEquals(8, idx.distanceMetres("site", out[0], out[1]), 2.0);
        }
        assertEquals("Hainan Chem", idx.byId("site").properties().get("owner"));
        assertFalse(idx.byId("site").properties().containsKey("radius_m"));
    }

    @Test
    void corridorWidthIsSplitEitherSideOfTheLine() throws IOException {
        // a north-south line; width 200 m: 100 m either side
        ZoneIndex idx = GeoJsonZoneLoader.load(write("r.geojson", feature("g6", "corridor", ",\"width_m\":200",
                "{\"type\":\"LineString\",\"coordinates\":[[106.87,39.60],[106.87,39.70],[106.88,39.75]]}")));
        double[] east95 = offset(106.87, 39.65, 90, 95);
        double[] east105 = offset(106.87, 39.65, 90, 105);
        double[] west95 = offset(106.87, 39.65, 270, 95);
        assertEquals(List.of("g6"), ids(idx.containing(east95[0], east95[1])));
        assertEquals(List.of("g6"), ids(idx.containing(west95[0], west95[1])));
        assertEquals(List.of(), ids(idx.containing(east105[0], east105[1])));
        assertEquals(5, idx.distanceMetres("g6", east105[0], east105[1]), 1.5);
        assertEquals(ZoneKind.CORRIDOR, idx.byId("g6").kind());
        // beyond the end of the line, along its axis
        double[] south = offset(106.87, 39.60, 180, 150);
        assertEquals(List.of(), ids(idx.containing(south[0], south[1])));
        assertEquals(50, idx.distanceMetres("g6", south[0], south[1]), 1.5);
    }

    @Test
    void overlappingZonesAreAllReturned() throws IOException {
        ZoneIndex idx = GeoJsonZoneLoader.load(
                write("a.geojson", feature("b-park", "authorised", "",
                        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[106.69,39.52],[106.71,39.52],[106.71,39.54],"
                                + "[106.69,39.52]]],[[[107.0,39.0],[107.1,39.0],[107.1,39.1],[107.0,39.0]]]]}")),
                write("b.geojson", feature("a-city", "restricted", ",\"radius_m\":5000", "{\"type\":\"Point\",\"coordinates\":[106.70,39.53]}")));
        assertEquals(List.of("a-city", "b-park"), ids(idx.containing(106.705, 39.525)));
        assertEquals(2, idx.all().size());
    }

    @Test
    void problemsNameTheFileAndTheFeature() throws IOException {
        Path bad = write("bad.geojson", String.join(",",
                feature("ok", "authorised", ",\"radius_m\":10", "{\"type\":\"Point\",\"coordinates\":[106.8,39.6]}"),
                feature("weird", "parking", "", "{\"type\":\"Point\",\"coordinates\":[106.8,39.6]}"),
                feature("open-ring", "restricted", "",
                        "{\"type\":\"Polygon\",\"coordinates\":[[[106.69,39.52],[106.71,39.52],[106.71,39.54],[106.69,39.54]]]}"),
                feature("no-radius", "authorised", "", "{\"type\":\"Point\",\"coordinates\":[106.8,39.6]}"),
                feature("road", "corridor", ",\"width_m\":-5", "{\"type\":\"LineString\",\"coordinates\":[[106.8,39.6],[106.9,39.7]]}"),
                feature("swapped", "authorised", ",\"radius_m\":10", "{\"type\":\"Point\",\"coordinates\":[39.6,106.8]}")));
        ZoneLoadResult r = GeoJsonZoneLoader.loadFiles(List.of(bad));
        assertFalse(r.ok());
        assertNull(r.index());
        assertEquals(List.of(
                bad + ": feature 1 (id \"weird\"): property \"kind\" must be one of authorised, restricted, corridor; got \"parking\"",
                bad + ": feature 2 (id \"open-ring\"): coordinates[0]: ring is not closed (first position must equal the last)",
                bad + ": feature 3 (id \"no-radius\"): a Point zone is a circle and needs a numeric property \"radius_m\" (metres)",
                bad + ": feature 4 (id \"road\"): property \"width_m\" must be > 0 metres, got -5",
                bad + ": feature 5 (id \"swapped\"): coordinates: [39.6, 106.8] is not a WGS-84 [lon, lat] position"), r.problems());
    }

    @Test
    void invalidJsonNamesFileLineAndColumn() throws IOException {
        Path f = dir.resolve("broken.geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\n\"features\":[ {\"type\": } ]}");
        ZoneLoadResult r = GeoJsonZoneLoader.loadDirectory(dir);
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith(f + ":2:"), r.problems().get(0));
        assertTrue(r.problems().get(0).contains("invalid JSON: Unexpected character ('}'"), r.problems().get(0));
    }

    @Test
    void duplicateIdsAcrossFilesAreRefused() throws IOException {
        Path a = write("a.geojson", feature("site", "authorised", ",\"radius_m\":10", "{\"type\":\"Point\",\"coordinates\":[106.8,39.6]}"));
        Path b = write("b.geojson", feature("site", "restricted", ",\"radius_m\":10", "{\"type\":\"Point\",\"coordinates\":[106.9,39.6]}"));
        ZoneLoadResult r = GeoJsonZoneLoader.loadDirectory(dir);
        assertEquals(List.of(b + " feature \"site\": duplicate zone id, already defined by " + a + " feature \"site\""), r.problems());
    }

    @Test
    void emptyMultiPolygonIsRefusedNotACrash() throws IOException {
        Path f = write("empty.geojson", feature("none", "restricted", "", "{\"type\":\"MultiPolygon\",\"coordinates\":[]}"));
        assertEquals(List.of(f + ": feature 0 (id \"none\"): a MultiPolygon needs at least one polygon"),
                GeoJsonZoneLoader.loadDirectory(dir).problems());
    }

    @Test
    void notAFeatureCollectionIsRefused() throws IOException {
        Path f = dir.resolve("point.json");
        Files.writeString(f, "{\"type\":\"Point\",\"coordinates\":[1,2]}");
        assertEquals(List.of(f + ": expected a GeoJSON FeatureCollection with a \"features\" array"),
                GeoJsonZoneLoader.loadDirectory(dir).problems());
    }

    @Test
    void missingDirectoryIsAProblemNotACrash() {
        ZoneLoadResult r = GeoJsonZoneLoader.loadDirectory(dir.resolve("nope"));
        assertFalse(r.ok());
        assertTrue(r.problems().get(0).startsWith(dir.resolve("nope") + ": cannot list zones directory"), r.problems().get(0));
    }

    @Test
    void wuhaiSampleSetLoads() {
        ZoneLoadResult r = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai"));
        assertEquals(List.of(), r.problems());
        ZoneIndex idx = r.index();
        assertEquals(11, idx.all().size());
        assertEquals(List.of("corridor-wuda-link", "depot-wuda-lowcarbon"), ids(idx.containing(106.7000, 39.5300)));
        assertEquals(List.of("restricted-haibowan-centre"), ids(idx.containing(106.8200, 39.6850)));
        assertEquals(List.of("corridor-g6-wuhai"), ids(idx.containing(106.8780, 39.7000)));
        assertEquals(ZoneKind.RESTRICTED, idx.byId("restricted-wuhai-lake-intake").kind());
        assertEquals("G6 京藏高速 乌海段", idx.byId("corridor-g6-wuhai").nameZh());
        assertEquals("expressway", idx.byId("corridor-g6-wuhai").properties().get("road_class"));
        assertEquals(80, idx.byId("corridor-g6-wuhai").properties().get("speed_limit_kmh"));
        assertEquals(60, idx.byId("corridor-wuda-link").properties().get("speed_limit_kmh"));
        // the expressway keeps well clear of the city centre
        assertTrue(idx.distanceMetres("restricted-haibowan-centre", 106.8800, 39.7000) > 2000);
    }
}
