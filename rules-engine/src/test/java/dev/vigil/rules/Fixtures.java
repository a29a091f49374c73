package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test fixtures: the four profiles (fields as in DOMAIN.md), devices and readings. */
final class Fixtures {
    static final String[] PROFILES = {"elevator", "emission-cems", "hazmat-vehicle", "power-transformer"};

    private Fixtures() {}

    /** The fixture profile file of a profile name. */
    static Path profileFile(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/profiles/" + name + ".yaml").toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a fixture profile file (a small reader for tests; the product's loader is in device-profiles). */
    @SuppressWarnings("unchecked")
    static DeviceProfile profile(Path file) {
        try {
            Map<String, Object> m = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
            List<FieldSpec> fields = new ArrayList<>();
            for (Object o : (List<Object>) m.get("fields")) {
                Map<String, Object> f = (Map<String, Object>) o;
                fields.add(new FieldSpec((String) f.get("name"), FieldType.valueOf(((String) f.get("type")).toUpperCase(Locale.ROOT)),
                        (String) f.get("unit"), num(f.get("min")), num(f.get("max")), (List<String>) f.get("values"), 0,
                        (String) f.get("name"), (String) f.get("name")));
            }
            Map<String, Object> sections = new LinkedHashMap<>(m);
            sections.keySet().removeAll(List.of("name", "version", "label", "fields"));
            return new DeviceProfile((String) m.get("name"), 1, "", "", fields, sections, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeviceProfile profile(String name) {
        return profile(profileFile(name));
    }

    /** All four fixture profiles, without rules. */
    static Map<String, DeviceProfile> profiles() {
        Map<String, DeviceProfile> out = new LinkedHashMap<>();
        for (String n : PROFILES) out.put(n, profile(n));
        return out;
    }

    /** Copies a fixture profile into {@code dir} with a {@code rules:} section appended. */
    static DeviceProfile profileWithRules(Path dir, String name, String rulesYaml) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(name + ".yaml");
            Files.writeString(f, Files.readString(profileFile(name), StandardCharsets.UTF_8) + "rules:\n" + rulesYaml,
                    StandardCharsets.UTF_8);
            return profile(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }

    static Device device(String id, String profile, String enterprise, String region, Map<String, Object> params) {
        return new Device(id, profile, enterprise, region, params, null, null);
    }

    /** A reading with the given field values (name, value, name, value ...). */
    static Telemetry reading(Device d, DeviceProfile p, long time, Object... kv) {
        Object[] values = new Object[p.fields().size()];
        for (int i = 0; i < kv.length; i += 2) {
            int idx = p.index((String) kv[i]);
            if (idx < 0) throw new IllegalArgumentException("no field " + kv[i]);
            Object v = kv[i + 1];
            if (v instanceof Integer n) v = p.fields().get(idx).type() == FieldType.INTEGER ? (Object) n.longValue() : (Object) n.doubleValue();
            values[idx] = v;
        }
        return new Telemetry(d, p, time, values, "test");
    }
}
