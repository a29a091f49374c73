package dev.vigil.rules.zones;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testkit.FuzzClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for the GeoJSON zone loader: any file content either loads into a zone index or
 * is refused with problems that each name the file; a loaded index answers "which zones contain
 * this point" and "how far is this zone" for points on and around its own coordinates, the poles
 * and the antimeridian, with a distance that is a number of metres ≥ 0 (0 exactly when the zone
 * contains the point) and never throws. No file takes a second.
 *
 * <p>In a normal build the seed corpus ({@code ZoneFileFuzzTestInputs/load}: the shipped Wuhai
 * zones and broken variants) is replayed as a regression test; with {@code JAZZER_FUZZ=1} Jazzer
 * fuzzes it.
 */
class ZoneFileFuzzTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIR = tempDir();
    static final Path FILE = DIR.resolve("fuzz.geojson");
    static final double[] FIXED = {106.8, 39.67, 0, 0, 180, 90, -180, -90, 180, 0, -180, 0, 0, 90, 0, -90};

    static {
        run(("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"c\","
                + "\"properties\":{\"kind\":\"restricted\",\"radius_m\":10},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void load(byte[] content) {
        FuzzClock.withinASecond(() -> run(content));
    }

    private static void run(byte[] content) {
        try {
            Files.write(FILE, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ZoneLoadResult r = GeoJsonZoneLoader.loadFiles(List.of(FILE));
        if (!r.ok()) {
            assertNull(r.index());
            assertFalse(r.problems().isEmpty());
            for (String p : r.problems()) assertTrue(p.startsWith(FILE.toString()), p);
            return;
        }
        ZoneIndex index = r.index();
        assertNotNull(index);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < FIXED.length; i += 2) points.add(new double[] {FIXED[i], FIXED[i + 1]});
        for (double[] c : firstPositions(content)) {
            points.add(c);
            points.add(new double[] {Math.min(180, c[0] + 0.001), Math.max(-90, c[1] - 0.001)});
        }
        for (Zone z : index.all()) assertEquals(z, index.byId(z.id()));
        for (double[] p : points) {
            List<Zone> inside = index.containing(p[0], p[1]);
            for (Zone z : index.all()) {
                double d = index.distanceMetres(z.id(), p[0], p[1]);
                assertTrue(d >= 0 && !Double.isInfinite(d), z.id() + " at " + p[0] + "," + p[1] + ": distance " + d);
                if (inside.contains(z)) assertEquals(0.0, d, 1e-6, z.id() + " contains " + p[0] + "," + p[1] + " but is " + d + " m away");
            }
        }
        assertTrue(Double.isNaN(index.distanceMetres("no such zone \u0000", 0, 0)));
    }

    /** The first [lon, lat] of every feature's geometry, when the file is JSON with such positions. */
    private static List<double[]> firstPositions(byte[] content) {
        List<double[]> out = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(content);
            if (root == null) return out;
            JsonNode features = root.path("features");
            for (JsonNode f : features) {
                JsonNode c = f.path("geometry").path("coordinates");
                while (c.isArray() && c.size() > 0 && c.get(0).isArray()) c = c.get(0);
                if (c.isArray() && c.size() >= 2 && c.get(0).isNumber() && c.get(1).isNumber()) {
                    out.add(new double[] {c.get(0).asDouble(), c.get(1).asDouble()});
                }
            }
        } catch (IOException e) {
            // not JSON after all: the loader refused it above
        }
        return out;
    }

    static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("vigil-fuzz");
            d.toFile().deleteOnExit();
            d.resolve("fuzz.geojson").toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
