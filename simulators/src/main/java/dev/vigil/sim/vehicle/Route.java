package dev.vigil.sim.vehicle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A drivable polyline from one site to another, each segment tagged with its road class, with
 * positions looked up by distance travelled.
 */
final class Route {
    /** A position on the route. */
    record Position(double lon, double lat, double heading, RoadClass road) {}

    /** The next change of road class: how far ahead, and to what. */
    record RoadChange(double distance, RoadClass road) {}

    /** A stretch of road: its polyline ([lon, lat] points) and class. */
    record Leg(RoadClass road, double[]... points) {}

    private final String name;
    private final String fromSite;
    private final String toSite;
    private final double[][] points;
    private final RoadClass[] segmentRoad;
    private final double[] cumulative;

    Route(String name, String fromSite, String toSite, List<Leg> legs) {
        this.name = name;
        this.fromSite = fromSite;
        this.toSite = toSite;
        List<double[]> pts = new ArrayList<>();
        List<RoadClass> roads = new ArrayList<>();
        for (Leg leg : legs) {
            for (double[] p : leg.points()) {
                if (!pts.isEmpty()) {
                    double[] last = pts.get(pts.size() - 1);
                    if (last[0] == p[0] && last[1] == p[1]) continue;
                    roads.add(leg.road());
                }
                pts.add(p);
            }
        }
        if (pts.size() < 2) throw new IllegalArgumentException("route " + name + " needs at least two points");
        this.points = pts.toArray(new double[0][]);
        this.segmentRoad = roads.toArray(new RoadClass[0]);
        this.cumulative = new double[points.length];
        for (int i = 1; i < points.length; i++) {
            cumulative[i] = cumulative[i - 1] + Geo.distance(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]);
        }
    }

    String name() { return name; }
    String fromSite() { return fromSite; }
    String toSite() { return toSite; }

    /** Length in metres. */
    double length() {
        return cumulative[cumulative.length - 1];
    }

    /** The position after {@code s} metres (clamped to the route). */
    Position at(double s) {
        int i = segmentIndex(s);
        double segLen = cumulative[i + 1] - cumulative[i];
        double f = segLen == 0 ? 0 : (Math.max(0, Math.min(s, length())) - cumulative[i]) / segLen;
        double[] a = points[i], b = points[i + 1];
        return new Position(a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), Geo.bearing(a[0], a[1], b[0], b[1]), segmentRoad[i]);
    }

    /** The next change of road class after {@code s} metres, or null if none lies ahead. */
    RoadChange nextRoadChange(double s) {
        int i = segmentIndex(s);
        for (int j = i + 1; j < segmentRoad.length; j++) {
            if (segmentRoad[j] != segmentRoad[i]) return new RoadChange(cumulative[j] - s, segmentRoad[j]);
        }
        return null;
    }

    private int segmentIndex(double s) {
        for (int i = 0; i < segmentRoad.length; i++) if (s < cumulative[i + 1]) return i;
        return segmentRoad.length - 1;
    }

    /** The same road driven the other way. */
    Route reversed() {
        List<Leg> legs = new ArrayList<>();
        for (int i = points.length - 1; i > 0; i--) legs.add(new Leg(segmentRoad[i - 1], points[i], points[i - 1]));
        return new Route(name + "-return", toSite, fromSite, legs);
    }

    /** The polyline's points, for tests and maps. */
    List<double[]> points() {
        return Collections.unmodifiableList(List.of(points));
    }
}
