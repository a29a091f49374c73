package dev.vigil.profile.yaml;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ParameterSpec;
import dev.vigil.profile.Problem;
import dev.vigil.profile.Site;
import dev.vigil.profile.yaml.YamlFile.Entry;
import org.snakeyaml.engine.v2.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a device registry file ({@code salt:} and a {@code devices:} list), checking each device
 * against the profiles: known profile, valid unique id, declared and well-typed parameters.
 */
public final class RegistryReader {
    /** Device ids: MQTT user names, InfluxDB tag values and URL path segments alike. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final List<String> TOP_KEYS = List.of("salt", "devices");
    private static final List<String> DEVICE_KEYS =
            List.of("id", "profile", "enterprise", "region", "params", "token_hash", "connection", "site");
    private static final List<String> SITE_KEYS = List.of("lat", "lon", "address");

    private RegistryReader() {}

    /**
     * What a registry file holds.
     *
     * @param salt         the registry salt, or null when missing
     * @param devices      the devices without problems, parameters completed with defaults
     * @param itemColumn   0-based column of the first "-" of the devices list, or -1 if the list
     *                     is empty or absent (for appending in the same style)
     * @param devicesKey   true when the file has a top-level "devices" key
     */
    public record Parsed(String salt, List<Device> devices, int itemColumn, boolean devicesKey) {}

    /** Reads registry text; problems are added to {@code problems}. */
    public static Parsed read(Path file, String text, Map<String, DeviceProfile> profiles, List<Problem> problems) {
        int before = problems.size();
        Parsed p = readUnsorted(file, text, profiles, problems);
        YamlFile.sortFrom(problems, before);
        return p;
    }

    private static Parsed readUnsorted(Path file, String text, Map<String, DeviceProfile> profiles, List<Problem> problems) {
        int before = problems.size();
        YamlFile y = YamlFile.compose(file, text, problems);
        if (problems.size() > before) return new Parsed(null, List.of(), -1, false);
        if (y.root() == null) {
            y.problem(0, "empty file: expected salt: <random hex> and devices: [a list of devices]");
            return new Parsed(null, List.of(), -1, false);
        }
        Map<String, Entry> top = y.mapping(y.root(), "a device registry");
        if (top == null) return new Parsed(null, List.of(), -1, false);
        for (Entry e : top.values()) {
            if (!TOP_KEYS.contains(e.name())) y.problem(e.key(), "unknown key '" + e.name() + "': expected salt and devices");
        }
        String salt = null;
        if (top.get("salt") == null) {
            y.problem(1, "missing 'salt': expected salt: <random hex> (vigil device add writes one into a new registry)");
        } else {
            salt = y.text(top.get("salt").value(), "salt");
        }
        List<Device> devices = new ArrayList<>();
        int column = -1;
        Entry list = top.get("devices");
        if (list != null && !YamlFile.describe(list.value()).equals("nothing (null)")) {
            List<Node> items = y.sequence(list.value(), "devices");
            if (items != null) {
                if (!items.isEmpty()) column = list.value().getStartMark().map(m -> m.getColumn()).orElse(-1);
                DeviceReader dr = new DeviceReader(y, profiles);
                for (Node n : items) {
                    Device d = dr.read(n);
                    if (d != null) devices.add(d);
                }
            }
        }
        return new Parsed(salt, devices, column, list != null);
    }

    /** Reads the devices of a list, remembering ids and token hashes to refuse duplicates. */
    private static final class DeviceReader {
        private final YamlFile y;
        private final Map<String, DeviceProfile> profiles;
        private final Map<String, Integer> ids = new HashMap<>();
        private final Map<String, String> hashes = new HashMap<>();
        private final Map<String, Map<String, ParameterSpec>> specsByProfile = new HashMap<>();

        DeviceReader(YamlFile y, Map<String, DeviceProfile> profiles) {
            this.y = y;
            this.profiles = profiles;
        }

        Device read(Node n) {
            Map<String, Entry> m = y.mapping(n, "a device");
            if (m == null) return null;
            int before = y.problems().size();
            for (Entry e : m.values()) {
                if (!DEVICE_KEYS.contains(e.name())) {
                    y.problem(e.key(), "device: unknown key '" + e.name() + "': expected " + YamlFile.names(DEVICE_KEYS));
                }
            }
            String id = id(m.get("id"), n);
            String who = id == null ? "device" : "device '" + id + "'";
            DeviceProfile profile = profile(m.get("profile"), n, who);
            String enterprise = m.containsKey("enterprise") ? y.text(m.get("enterprise").value(), who + ": enterprise") : null;
            String region = m.containsKey("region") ? y.text(m.get("region").value(), who + ": region") : null;
            Map<String, Object> params = profile == null ? null : params(m.get("params"), profile, who);
            String hash = tokenHash(m.get("token_hash"), who);
            Map<String, Object> connection = null;
            if (m.containsKey("connection") && y.mapping(m.get("connection").value(), who + ": connection") != null) {
                connection = castMap(y.toJava(m.get("connection").value()));
            }
            Site site = m.containsKey("site") ? site(m.get("site"), who) : null;
            if (y.problems().size() > before) return null;
            return new Device(id, profile.name(), enterprise, region, params, hash, connection, site);
        }

        /** {@code site: {lat: 39.67, lon: 106.82, address: ...}}: where a fixed device stands. */
        private Site site(Entry e, String who) {
            Map<String, Entry> m = y.mapping(e.value(), who + ": site");
            if (m == null) return null;
            for (Entry k : m.values()) {
                if (!SITE_KEYS.contains(k.name())) {
                    y.problem(k.key(), who + ": site: unknown key '" + k.name() + "': expected " + YamlFile.names(SITE_KEYS));
                }
            }
            Double lat = degrees(m.get("lat"), e, who + ": site: lat", 90);
            Double lon = degrees(m.get("lon"), e, who + ": site: lon", 180);
            String address = m.containsKey("address") ? y.text(m.get("address").value(), who + ": site: address") : null;
            return lat == null || lon == null ? null : new Site(lat, lon, address);
        }

        private Double degrees(Entry e, Entry site, String what, double limit) {
            if (e == null) {
                y.problem(site.value(), what + " is missing: a site needs lat and lon in degrees (WGS-84)");
                return null;
            }
            Double v = y.number(e.value(), what);
            if (v == null) return null;
            if (Math.abs(v) > limit) {
                y.problem(e.value(), what + ": " + v + " is outside -" + (int) limit + " to " + (int) limit);
                return null;
            }
            return v;
        }

        private String id(Entry e, Node device) {
            if (e == null) {
                y.problem(device, "device: missing 'id': expected id: <1 to 64 of A-Z a-z 0-9 _ . : ->");
                return null;
            }
            String id = y.text(e.value(), "device id");
            if (id == null) return null;
            if (!ID.matcher(id).matches()) {
                y.problem(e.value(), "device id '" + id + "': use 1 to 64 characters from A-Z a-z 0-9 _ . : -");
                return null;
            }
            Integer first = ids.putIfAbsent(id, YamlFile.line(e.value()));
            if (first != null) {
                y.problem(e.value(), "duplicate device id '" + id + "' (first at line " + first + ")");
                return null;
            }
            return id;
        }

        private DeviceProfile profile(Entry e, Node device, String who) {
            String known = YamlFile.names(profiles.keySet().stream().sorted().toList());
            if (e == null) {
                y.problem(device, who + ": missing 'profile': expected one of " + known);
                return null;
            }
            String name = y.text(e.value(), who + ": profile");
            if (name == null) return null;
            DeviceProfile p = profiles.get(name);
            if (p == null) {
                y.problem(e.value(), who + ": unknown profile '" + name + "': known profiles are "
                        + (known.isEmpty() ? "(none loaded)" : known));
            }
            return p;
        }

        private Map<String, Object> params(Entry e, DeviceProfile profile, String who) {
            Map<String, ParameterSpec> specs = specsByProfile.computeIfAbsent(profile.name(), n -> ParameterSpec.of(profile));
            Map<String, Object> out = new LinkedHashMap<>();
            if (e != null) {
                Map<String, Entry> m = y.mapping(e.value(), who + ": params");
                if (m == null) return null;
                for (Entry p : m.values()) {
                    ParameterSpec spec = specs.get(p.name());
                    if (spec == null) {
                        y.problem(p.key(), who + ": unknown parameter '" + p.name() + "': profile " + profile.name()
                                + (specs.isEmpty() ? " declares no parameters" : " declares " + YamlFile.names(specs.keySet())));
                        continue;
                    }
                    try {
                        out.put(p.name(), spec.normalize(y.toJava(p.value())));
                    } catch (IllegalArgumentException ex) {
                        y.problem(p.value(), who + ": parameter '" + p.name() + "': " + ex.getMessage());
                    }
                }
            }
            Map<String, Object> filled = new LinkedHashMap<>();
            specs.forEach((name, spec) -> {
                Object v = out.containsKey(name) ? out.get(name) : spec.defaultValue();
                if (v != null) filled.put(name, v);
            });
            return filled;
        }

        private String tokenHash(Entry e, String who) {
            if (e == null) return null;
            String h = y.text(e.value(), who + ": token_hash");
            if (h == null) return null;
            if (!HASH.matcher(h).matches()) {
                y.problem(e.value(), who + ": token_hash must be sha256: followed by 64 lower-case hex digits"
                        + " (vigil device add writes it)");
                return null;
            }
            String other = hashes.putIfAbsent(h, who + " (line " + YamlFile.line(e.value()) + ")");
            if (other != null) {
                y.problem(e.value(), who + ": token_hash is the same as that of " + other + ": every device needs its own token");
                return null;
            }
            return h;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castMap(Object o) {
            if (!(o instanceof Map<?, ?> m)) return null;
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) m).forEach((k, v) -> {
                if (v != null) out.put(String.valueOf(k), v);
            });
            return out;
        }
    }
}
