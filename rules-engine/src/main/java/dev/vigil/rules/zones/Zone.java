package dev.vigil.rules.zones;

import java.util.Map;

/**
 * One geographic zone loaded from GeoJSON: a polygon, a circle (Point with radius_m) or a route
 * corridor (LineString with width_m).
 *
 * @param id         unique zone id (GeoJSON feature "id" or property "id")
 * @param kind       what the zone means
 * @param nameZh     Chinese name
 * @param nameEn     English name
 * @param properties the other GeoJSON properties (e.g. enterprise, tags)
 */
public record Zone(String id, ZoneKind kind, String nameZh, String nameEn, Map<String, Object> properties) {
}
