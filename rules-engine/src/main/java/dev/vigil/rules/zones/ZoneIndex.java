package dev.vigil.rules.zones;

import java.util.Collection;
import java.util.List;

/**
 * The zones the geofence rules test positions against. Coordinates are WGS-84 degrees; distances
 * (circle radius, corridor width) are in metres.
 */
public interface ZoneIndex {

    /** Zones that contain the point (longitude, latitude), boundary included. */
    List<Zone> containing(double lon, double lat);

    /** Distance in metres from the point to the zone (0 when inside), or NaN for an unknown zone. */
    double distanceMetres(String zoneId, double lon, double lat);

    /** The zone with this id, or null. */
    Zone byId(String id);

    Collection<Zone> all();

    /** An index with no zones. */
    static ZoneIndex empty() {
        return new ZoneIndex() {
            public List<Zone> containing(double lon, double lat) { return List.of(); }
            public double distanceMetres(String zoneId, double lon, double lat) { return Double.NaN; }
            public Zone byId(String id) { return null; }
            public Collection<Zone> all() { return List.of(); }
        };
    }
}
