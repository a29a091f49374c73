package dev.vigil.gateway.alerts;

import dev.vigil.rules.zones.ZoneIndex;

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
}
