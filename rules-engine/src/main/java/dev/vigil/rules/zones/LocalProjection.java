package dev.vigil.rules.zones;

import org.locationtech.jts.geom.Coordinate;

/**
 * A local metric projection (equirectangular about a reference point, with WGS-84 ellipsoid
 * degree lengths at the reference latitude) so that zone geometry can be measured in metres.
 *
 * <p>Each zone gets its own projection centred on it; over a zone a few tens of kilometres
 * across the scale error stays well below 0.5 %, i.e. a few metres on a corridor's width.
 */
final class LocalProjection {
    private final double lon0;
    private final double lat0;
    private final double metresPerDegLon;
    private final double metresPerDegLat;

    LocalProjection(double lon0, double lat0) {
        this.lon0 = lon0;
        this.lat0 = lat0;
        double phi = Math.toRadians(lat0);
        this.metresPerDegLat = 111132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
        this.metresPerDegLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
    }

    /** Projects (lon, lat) degrees to (x, y) metres east and north of the reference point. */
    Coordinate toMetres(double lon, double lat) {
        return new Coordinate((lon - lon0) * metresPerDegLon, (lat - lat0) * metresPerDegLat);
    }

    /** Degrees of longitude spanned by the given metres east-west at the reference latitude. */
    double lonDegrees(double metres) {
        return metres / metresPerDegLon;
    }

    /** Degrees of latitude spanned by the given metres north-south. */
    double latDegrees(double metres) {
        return metres / metresPerDegLat;
    }
}
