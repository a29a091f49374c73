package dev.vigil.rules.yaml;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.rules.model.GeofenceSpec;
import dev.vigil.rules.model.ZoneSelector;
import dev.vigil.rules.zones.ZoneKind;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.vigil.rules.yaml.YamlNodes.line;

/**
 * Reads the zone test of a geofence rule: {@code inside:} or {@code outside:} a selection of
 * zones ({@code ids}, {@code kind}, {@code property}), and the position fields ({@code position:
 * {lat: lat, lon: lon}} by default).
 */
final class GeofenceParser {

    private GeofenceParser() {}

    static GeofenceSpec parse(Map<String, Node> m, DeviceProfile profile, String id) {
        String what = "rule " + id;
        boolean hasIn = m.containsKey("inside"), hasOut = m.containsKey("outside");
        if (hasIn == hasOut) {
            throw new YamlError(line(m.get("kind")), what + ": kind geofence needs exactly one of 'inside' or 'outside' (a zone selection)");
        }
        Node sel = hasIn ? m.get("inside") : m.get("outside");
        ZoneSelector zones = selector(sel, what + (hasIn ? ": inside" : ": outside"));
        String lat = "lat", lon = "lon";
        if (m.containsKey("position")) {
            Map<String, Node> p = YamlNodes.map(m.get("position"), what + ": position");
            for (String k : p.keySet()) {
                if (!k.equals("lat") && !k.equals("lon")) throw new YamlError(line(p.get(k)), what + ": position: unknown key '"
                        + k + "'; expected lat and lon");
            }
            if (p.containsKey("lat")) lat = YamlNodes.string(p.get("lat"), what + ": position.lat");
            if (p.containsKey("lon")) lon = YamlNodes.string(p.get("lon"), what + ": position.lon");
        }
        for (String f : new String[] {lat, lon}) {
            FieldSpec fs = profile.field(f);
            if (fs == null || !fs.numeric()) {
                throw new YamlError(line(m.containsKey("position") ? m.get("position") : m.get("kind")),
                        what + ": position field '" + f + "' is not a numeric field of profile " + profile.name()
                                + " (set position: {lat: ..., lon: ...})");
            }
        }
        return new GeofenceSpec(hasIn, zones, lat, lon);
    }

    /** A zone selection: {ids: [...], kind: restricted, property: {key: value}}, or one zone id / kind as a string. */
    static ZoneSelector selector(Node n, String what) {
        if (n instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
            String s = YamlNodes.string(n, what);
            ZoneKind k = kind(s);
            return k != null ? new ZoneSelector(null, k, null) : new ZoneSelector(Set.of(s), null, null);
        }
        Map<String, Node> sm = YamlNodes.map(n, what);
        Set<String> ids = new LinkedHashSet<>();
        ZoneKind kind = null;
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : sm.entrySet()) {
            switch (e.getKey()) {
                case "ids" -> {
                    for (Node i : YamlNodes.list(e.getValue(), what + ".ids")) ids.add(YamlNodes.string(i, what + ".ids"));
                }
                case "kind" -> {
                    String s = YamlNodes.string(e.getValue(), what + ".kind");
                    kind = kind(s);
                    if (kind == null) throw new YamlError(line(e.getValue()), what + ".kind '" + s + "': expected authorised, restricted or corridor");
                }
                case "property" -> {
                    for (Map.Entry<String, Node> p : YamlNodes.map(e.getValue(), what + ".property").entrySet()) {
                        props.put(p.getKey(), YamlNodes.string(p.getValue(), what + ".property." + p.getKey()));
                    }
                }
                default -> throw new YamlError(line(e.getValue()), what + ": unknown key '" + e.getKey() + "'; expected ids, kind, property");
            }
        }
        if (ids.isEmpty() && kind == null && props.isEmpty()) throw new YamlError(line(n), what + ": select zones by ids, kind or property");
        return new ZoneSelector(ids, kind, props);
    }

    static ZoneKind kind(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        if (u.equals("AUTHORIZED")) u = "AUTHORISED";
        for (ZoneKind k : ZoneKind.values()) if (k.name().equals(u)) return k;
        return null;
    }
}
