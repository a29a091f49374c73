package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Profiles, devices and readings shared by the rules-engine fuzz targets. */
final class FuzzSamples {
    /** Reading times start here (2025-11-27 08:00 UTC). */
    static final long T0 = 1_764_230_400_000L;

    private FuzzSamples() {}

    /**
     * The shipped profiles without their {@code rules:} sections and without a source file, so a
     * loader sees only the rules of the file under test.
     */
    static Map<String, DeviceProfile> profilesWithoutRules() {
        Map<String, DeviceProfile> out = new LinkedHashMap<>();
        for (String name : Fixtures.PROFILES) {
            try {
                String text = Files.readString(Fixtures.profileFile(name), StandardCharsets.UTF_8);
                out.put(name, ProfileLoader.parse(Path.of("fuzz-profiles", name + ".yaml"), withoutRules(text)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The text without its top-level {@code rules:} block. */
    static String withoutRules(String text) {
        StringBuilder sb = new StringBuilder();
        boolean skipping = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("rules:")) skipping = true;
            else if (skipping && !line.isEmpty() && Character.isLetter(line.charAt(0))) skipping = false;
            if (!skipping) sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** A device of the profile, in the example enterprise and the Wuhai region. */
    static Device device(DeviceProfile p) {
        return Fixtures.device("fuzz-" + p.name(), p.name(), "示例供电公司 Example Power Co.", "wuhai", Map.of());
    }

    /**
     * Readings that walk every field through low, high and middle values (booleans and enum
     * values alternate) a minute apart, with positions from {@code positions} (lon, lat pairs)
     * for fields named lon and lat.
     */
    static List<Telemetry> readings(DeviceProfile p, Device d, double... positions) {
        int n = Math.max(6, positions.length / 2);
        List<Telemetry> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Object[] values = new Object[p.fields().size()];
            for (int i = 0; i < values.length; i++) values[i] = value(p.fields().get(i), k, positions);
            out.add(new Telemetry(d, p, T0 + k * 60_000L, values, "fuzz"));
        }
        return out;
    }

    private static Object value(FieldSpec f, int k, double[] positions) {
        if (positions.length >= 2 && (f.name().equals("lon") || f.name().equals("lat"))) {
            int at = (k % (positions.length / 2)) * 2 + (f.name().equals("lon") ? 0 : 1);
            return positions[at];
        }
        double lo = f.min() == null ? -1000 : f.min();
        double hi = f.max() == null ? 1000 : f.max();
        double x = switch (k % 3) {
            case 0 -> lo;
            case 1 -> hi;
            default -> (lo + hi) / 2;
        };
        return switch (f.type()) {
            case NUMBER -> x;
            case INTEGER -> (long) x;
            case BOOLEAN -> k % 2 == 0;
            case ENUM -> f.values().get(k % f.values().size());
            case STRING -> "s" + k;
        };
    }
}
