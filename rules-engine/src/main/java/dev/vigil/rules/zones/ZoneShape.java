package dev.vigil.rules.zones;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The geometry of one zone in its own local metric frame, answering "is this point inside" and
 * "how far is it" in metres.
 *
 * <p>A circle is its centre point plus a radius; a corridor is its centre line plus half its
 * width; both are measured exactly by distance rather than approximated by buffer polygons.
 */
final class ZoneShape {
    private static final GeometryFactory GF = new GeometryFactory();

    private final Zone zone;
    private final LocalProjection projection;
    private final Geometry metric;
    private final PreparedGeometry prepared;
    private final double reach;
    private final Envelope degrees;

    /**
     * @param zone       the zone's descriptive data
     * @param degreesGeometry the zone's geometry in WGS-84 degrees (x = lon, y = lat)
     * @param reach      metres around the geometry that still count as inside (circle radius,
     *                   half a corridor's width, 0 for polygons)
     */
    ZoneShape(Zone zone, Geometry degreesGeometry, double reach) {
        this.zone = zone;
        this.reach = reach;
        Envelope env = degreesGeometry.getEnvelopeInternal();
        this.projection = new LocalProjection(env.centre().x, env.centre().y);
        Geometry g = degreesGeometry.copy();
        g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
            Coordinate m = projection.toMetres(c.x, c.y);
            c.x = m.x;
            c.y = m.y;
        });
        g.geometryChanged();
        this.metric = g;
        this.prepared = reach == 0 ? PreparedGeometryFactory.prepare(g) : null;
        Envelope expanded = new Envelope(env);
        // 2 % margin on the reach: the tree is only a pre-filter, the exact test follows
        expanded.expandBy(projection.lonDegrees(reach * 1.02), projection.latDegrees(reach * 1.02));
        this.degrees = expanded;
    }

    Zone zone() { return zone; }

    /** Bounding box in degrees, including the reach, for the spatial index. */
    Envelope envelope() { return degrees; }

    /** True when the point lies inside the zone or on its boundary. */
    boolean contains(double lon, double lat) {
        var p = GF.createPoint(projection.toMetres(lon, lat));
        if (prepared != null) return prepared.covers(p);
        return metric.distance(p) <= reach;
    }

    /** Metres from the point to the zone, 0 when inside. */
    double distanceMetres(double lon, double lat) {
        var p = GF.createPoint(projection.toMetres(lon, lat));
        return Math.max(0, metric.distance(p) - reach);
    }
}
