package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test fixtures: the four shipped profiles, devices and readings. */
final class Fixtures {
    static final String[] PROFILES = {"elevator", "emission-cems", "hazmat-vehicle", "power-transformer"};

    private Fixtures() {}

    /** The shipped profiles, relative to this module. */
    static final Path PROFILE_DIR = Path.of("..", "device-profiles", "profiles");

    /** The shipped profile file of a profile name. */
    static Path profileFile(String name) {
        return PROFILE_DIR.resolve(name + ".yaml");
    }

    static DeviceProfile profile(String name) {
        return ProfileLoader.loadFile(profileFile(name));
    }

    /** All four shipped profiles. */
    static Map<String, DeviceProfile> profiles() {
        Map<String, DeviceProfile> out = new LinkedHashMap<>();
        for (String n : PROFILES) out.put(n, profile(n));
        return out;
    }

    /** Copies a shipped profile into {@code dir} with its {@code rules:} section replaced, and loads it. */
    static DeviceProfile profileWithRules(Path dir, String name, String rulesYaml) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(name + ".yaml");
            String text = Files.readString(profileFile(name), StandardCharsets.UTF_8);
            int shipped = text.indexOf("\nrules:\n");
            if (shipped >= 0) text = text.substring(0, shipped + 1);
            Files.writeString(f, text + "\nrules:\n" + rulesYaml, StandardCharsets.UTF_8);
            return ProfileLoader.loadFile(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
