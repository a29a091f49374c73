package dev.vigil.rules.zones;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one GeoJSON Feature into a {@link ZoneShape}, or throws an {@link IllegalArgumentException}
 * whose message says what is wrong with it (the caller adds file and feature).
 */
final class GeoJsonFeatureReader {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final Set<String> RESERVED = Set.of("id", "kind", "name_zh", "name_en", "radius_m", "width_m");

    private GeoJsonFeatureReader() {}

    /** The feature's id (feature "id", else property "id"), or null when it has none. */
    static String idOf(JsonNode feature) {
        JsonNode id = feature.get("id");
        if (id == null || id.isNull()) id = feature.path("properties").get("id");
        return id == null || id.isNull() || id.asText().isBlank() ? null : id.asText();
    }

    static ZoneShape read(JsonNode feature) {
        if (!"Feature".equals(feature.path("type").asText())) {
            throw new IllegalArgumentException("\"type\" must be \"Feature\", got " + feature.path("type"));
        }
        String id = idOf(feature);
        if (id == null) throw new IllegalArgumentException("missing \"id\" (feature id or properties.id)");
        JsonNode props = feature.path("properties");
        if (!props.isObject()) throw new IllegalArgumentException("missing \"properties\" object");
        ZoneKind kind = kindOf(props.get("kind"));
        Zone zone = new Zone(id, kind, text(props, "name_zh"), text(props, "name_en"), otherProperties(props));
        JsonNode geom = feature.get("geometry");
        if (geom == null || !geom.isObject()) throw new IllegalArgumentException("missing \"geometry\" object");
        String type = geom.path("type").asText();
        JsonNode coords = geom.get("coordinates");
        if (coords == null || !coords.isArray()) throw new IllegalArgumentException("geometry has no \"coordinates\" array");
        return switch (type) {
            case "Polygon", "MultiPolygon" -> {
                if (kind == ZoneKind.CORRIDOR) throw new IllegalArgumentException("a corridor must be a LineString with width_m, got " + type);
                Geometry g = type.equals("Polygon") ? polygon(coords, "coordinates") : multiPolygon(coords);
                IsValidOp valid = new IsValidOp(g);
                if (!valid.isValid()) {
                    throw new IllegalArgumentException("invalid " + type + ": " + valid.getValidationError().getMessage()
                            + " near " + valid.getValidationError().getCoordinate());
                }
                yield new ZoneShape(zone, g, 0);
            }
            case "Point" -> {
                if (kind == ZoneKind.CORRIDOR) throw new IllegalArgumentException("a corridor must be a LineString with width_m, got Point");
                double r = positive(props, "radius_m", "a Point zone is a circle and needs");
                yield new ZoneShape(zone, GF.createPoint(position(coords, "coordinates")), r);
            }
            case "LineString" -> {
                if (kind != ZoneKind.CORRIDOR) throw new IllegalArgumentException("a LineString zone must have kind "
                        + "\"corridor\", got \"" + kind.name().toLowerCase(Locale.ROOT) + "\"");
                double w = positive(props, "width_m", "a corridor needs");
                LineString line = GF.createLineString(positions(coords, "coordinates"));
                if (line.getNumPoints() < 2) throw new IllegalArgumentException("a LineString needs at least 2 positions");
                yield new ZoneShape(zone, line, w / 2);
            }
            default -> throw new IllegalArgumentException("unsupported geometry type \"" + type
                    + "\" (use Polygon, MultiPolygon, Point with radius_m, or LineString with width_m)");
        };
    }

    private static ZoneKind kindOf(JsonNode k) {
        String s = k == null ? "" : k.asText();
        return switch (s) {
            case "authorised", "authorized" -> ZoneKind.AUTHORISED;
            case "restricted" -> ZoneKind.RESTRICTED;
            case "corridor" -> ZoneKind.CORRIDOR;
            default -> throw new IllegalArgumentException("property \"kind\" must be one of authorised, restricted, corridor; got "
                    + (k == null ? "nothing" : "\"" + s + "\""));
        };
    }

    private static String text(JsonNode props, String name) {
        JsonNode n = props.get(name);
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static Map<String, Object> otherProperties(JsonNode props) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            var e = it.next();
            if (RESERVED.contains(e.getKey())) continue;
            JsonNode v = e.getValue();
            m.put(e.getKey(), v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.isValueNode() ? v.asText() : v.toString());
        }
        return m;
    }

    private static double positive(JsonNode props, String name, String why) {
        JsonNode n = props.get(name);
        if (n == null || !n.isNumber()) throw new IllegalArgumentException(why + " a numeric property \"" + name + "\" (metres)");
        double d = n.asDouble();
        if (!(d > 0) || Double.isInfinite(d)) throw new IllegalArgumentException("property \"" + name + "\" must be > 0 metres, got " + n);
        return d;
    }

    private static Geometry multiPolygon(JsonNode coords) {
        if (coords.isEmpty()) throw new IllegalArgumentException("a MultiPolygon needs at least one polygon");
        Polygon[] polys = new Polygon[coords.size()];
        for (int i = 0; i < polys.length; i++) polys[i] = polygon(coords.get(i), "coordinates[" + i + "]");
        return GF.createMultiPolygon(polys);
    }

    private static Polygon polygon(JsonNode rings, String where) {
        if (!rings.isArray() || rings.isEmpty()) throw new IllegalArgumentException(where + ": a polygon needs at least one ring");
        LinearRing[] r = new LinearRing[rings.size()];
        for (int i = 0; i < r.length; i++) {
            String w = where + "[" + i + "]";
            Coordinate[] c = positions(rings.get(i), w);
            if (c.length < 4) throw new IllegalArgumentException(w + ": a ring needs at least 4 positions, got " + c.length);
            if (!c[0].equals2D(c[c.length - 1])) throw new IllegalArgumentException(w + ": ring is not closed (first position must equal the last)");
            r[i] = GF.createLinearRing(c);
        }
        LinearRing[] holes = new LinearRing[r.length - 1];
        System.arraycopy(r, 1, holes, 0, holes.length);
        return GF.createPolygon(r[0], holes);
    }

    private static Coordinate[] positions(JsonNode arr, String where) {
        if (!arr.isArray()) throw new IllegalArgumentException(where + ": expected an array of positions");
        Coordinate[] c = new Coordinate[arr.size()];
        for (int i = 0; i < c.length; i++) c[i] = position(arr.get(i), where + "[" + i + "]");
        return c;
    }

    private static Coordinate position(JsonNode p, String where) {
        if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
            throw new IllegalArgumentException(where + ": expected a position [lon, lat], got " + p);
        }
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
            throw new IllegalArgumentException(where + ": [" + lon + ", " + lat + "] is not a WGS-84 [lon, lat] position");
        }
        return new Coordinate(lon, lat);
    }
}
