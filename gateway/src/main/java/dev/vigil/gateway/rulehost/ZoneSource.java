package dev.vigil.gateway.rulehost;

import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.ZoneIndex;
import dev.vigil.rules.zones.ZoneLoadResult;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the rules verticle gets its zones (geofence rules, {@code in_zone()}): called on a worker
 * thread at start-up and on reload; throws with the problems when the zones cannot be loaded.
 */
@FunctionalInterface
public interface ZoneSource {

    ZoneIndex load() throws Exception;

    /** No zones at all. */
    static ZoneSource none() {
        return ZoneIndex::empty;
    }

    /** The GeoJSON files of a directory; no zones when the directory does not exist. */
    static ZoneSource directory(Path dir) {
        return () -> {
            if (!Files.isDirectory(dir)) return ZoneIndex.empty();
            ZoneLoadResult r = GeoJsonZoneLoader.loadDirectory(dir);
            if (!r.ok()) throw new IllegalStateException("zones not loaded:\n  " + String.join("\n  ", r.problems()));
            return r.index();
        };
    }
}
