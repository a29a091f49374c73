package dev.vigil.rules.zones;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads zones from GeoJSON FeatureCollection files into a {@link ZoneIndex}.
 *
 * <p>Each Feature is one zone with properties {@code id} (or a feature id), {@code kind}
 * (authorised | restricted | corridor), {@code name_zh}, {@code name_en}: a Polygon or
 * MultiPolygon, a circle written as a Point with {@code radius_m}, or a corridor written as a
 * LineString with {@code width_m} (the full width, centred on the line). Any other properties
 * are kept in {@link Zone#properties()}. Coordinates are [lon, lat] in WGS-84 degrees.
 */
public final class GeoJsonZoneLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GeoJsonZoneLoader() {}

    /**
     * Loads every {@code *.geojson} and {@code *.json} file of a directory (not recursive). The
     * gateway calls this at start-up and again when the directory changes; on problems it keeps
     * its previous index and reports them.
     */
    public static ZoneLoadResult loadDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".geojson") || n.endsWith(".json"));
            }).sorted().toList();
        } catch (IOException e) {
            return new ZoneLoadResult(null, List.of(dir + ": cannot list zones directory: " + e.getMessage()));
        }
        return loadFiles(files);
    }

    /** Loads the given files into one index; zone ids must be unique across all of them. */
    public static ZoneLoadResult loadFiles(List<Path> files) {
        List<String> problems = new ArrayList<>();
        List<ZoneShape> shapes = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            for (ZoneShape s : readFile(f, problems)) {
                String where = f + " feature \"" + s.zone().id() + "\"";
                String previous = seen.putIfAbsent(s.zone().id(), where);
                if (previous != null) problems.add(where + ": duplicate zone id, already defined by " + previous);
                else shapes.add(s);
            }
        }
        return problems.isEmpty() ? new ZoneLoadResult(new StrTreeZoneIndex(shapes), List.of()) : new ZoneLoadResult(null, problems);
    }

    /** Loads files and returns the index, or throws with every problem found. */
    public static ZoneIndex load(Path... files) {
        ZoneLoadResult r = loadFiles(List.of(files));
        if (!r.ok()) throw new IllegalArgumentException(String.join("\n", r.problems()));
        return r.index();
    }

    private static List<ZoneShape> readFile(Path file, List<String> problems) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            problems.add(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": invalid JSON: " + e.getOriginalMessage());
            return List.of();
        } catch (IOException e) {
            problems.add(file + ": cannot read: " + e.getMessage());
            return List.of();
        }
        if (root == null || !"FeatureCollection".equals(root.path("type").asText()) || !root.path("features").isArray()) {
            problems.add(file + ": expected a GeoJSON FeatureCollection with a \"features\" array");
            return List.of();
        }
        List<ZoneShape> out = new ArrayList<>();
        JsonNode features = root.get("features");
        for (int i = 0; i < features.size(); i++) {
            JsonNode f = features.get(i);
            try {
                out.add(GeoJsonFeatureReader.read(f));
            } catch (IllegalArgumentException e) {
                String id = f.isObject() ? GeoJsonFeatureReader.idOf(f) : null;
                problems.add(file + ": feature " + i + (id == null ? "" : " (id \"" + id + "\")") + ": " + e.getMessage());
            }
        }
        return out;
    }
}
