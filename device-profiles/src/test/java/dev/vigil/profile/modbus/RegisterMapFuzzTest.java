package dev.vigil.profile.modbus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.testkit.FuzzClock;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Reading;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for Modbus register decoding: an input is a profile's {@code modbus:} section
 * (YAML text, appended to the fields of {@code fuzz.yaml}), a NUL byte, and the raw register
 * contents (big-endian 16-bit words; one byte per coil or discrete input, low bit). The map is
 * either refused with a {@link ProfileException} or {@link ModbusMapException} naming where, or
 * planned into reads within the Modbus limits; every read then decodes each entry into a value of
 * its field's type or a {@link RegisterDecodeException} for that entry, and the values pass the
 * same validation as any reading or are refused with a {@link Rejection}. Nothing else is thrown
 * and no input takes a second.
 *
 * <p>In a normal build the seed corpus ({@code RegisterMapFuzzTestInputs/decode}) is replayed as
 * a regression test; with {@code JAZZER_FUZZ=1} Jazzer fuzzes it.
 */
class RegisterMapFuzzTest {
    static final long NOW = 1_764_230_400_000L;
    static final String FIELDS = resource("/dev/vigil/profile/fuzz.yaml");
    static final Path DIR = tempDir();
    static final TelemetryDecoder DECODER = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());

    static {
        decodeTimed("modbus:\n  registers:\n    - {field: level, address: 0, type: int16, scale: 0.1}\n\0\0\7".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        decodeTimed(input);
    }

    static void decodeTimed(byte[] input) {
        FuzzClock.withinASecond(() -> run(input));
    }

    private static void run(byte[] input) {
        int nul = 0;
        while (nul < input.length && input[nul] != 0) nul++;
        String section = new String(input, 0, nul, StandardCharsets.UTF_8);
        byte[] raw = nul < input.length ? java.util.Arrays.copyOfRange(input, nul + 1, input.length) : new byte[0];
        Path file = DIR.resolve("fuzz.yaml");
        RegisterMap map;
        try {
            Files.writeString(file, FIELDS + "\n" + section, StandardCharsets.UTF_8);
            DeviceProfile profile = ProfileLoader.loadFile(file);
            map = RegisterMap.parse(profile, PlanOptions.defaults());
        } catch (ProfileException e) {
            assertFalse(e.problems().isEmpty());
            return;
        } catch (ModbusMapException e) {
            assertTrue(e.getMessage().startsWith(file + ":") || e.getMessage().startsWith("profile fuzz"), e.getMessage());
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeviceProfile profile = map.profile();
        Object[] values = new Object[profile.fields().size()];
        List<RegisterDecodeException> errors = new ArrayList<>();
        Set<RegisterSpec> planned = new HashSet<>();
        int next = 0;
        for (ReadRequest r : map.plan()) {
            assertTrue(r.count() >= 1 && r.count() <= r.table().maxPerRead(), r.toString());
            assertTrue(r.start() >= 0 && r.start() + r.count() <= 65536, r.toString());
            int[] data = new int[r.count()];
            for (int i = 0; i < data.length; i++) {
                if (r.table().bits()) {
                    data[i] = raw.length == 0 ? 0 : raw[next++ % raw.length] & 1;
                } else {
                    data[i] = raw.length < 2 ? 0 : ((raw[next % raw.length] & 0xFF) << 8) | (raw[(next + 1) % raw.length] & 0xFF);
                    next += 2;
                }
            }
            for (RegisterSpec s : r.registers()) {
                assertTrue(s.address() >= r.start() && s.end() <= r.start() + r.count(), s + " outside " + r);
                assertTrue(planned.add(s), "planned twice: " + s);
            }
            map.decode(r, data, values, errors);
        }
        assertEquals(map.registers().size(), planned.size(), "every entry is read");
        Set<String> failed = new HashSet<>();
        for (RegisterDecodeException e : errors) {
            assertTrue(failed.add(e.field()), "one error per entry");
            assertNotNull(profile.field(e.field()));
            assertFalse(e.getMessage().isBlank());
        }
        Map<String, Object> byName = new LinkedHashMap<>();
        for (RegisterSpec s : map.registers()) {
            int idx = profile.index(s.field());
            Object v = values[idx];
            assertTrue(v == null == failed.contains(s.field()), s.field() + ": a value or an error, got " + v);
            if (v != null) {
                checkType(profile.fields().get(idx), v);
                byName.put(s.field(), v);
            }
        }
        if (byName.isEmpty()) return;
        Device device = new Device("fuzz-1", profile.name(), "", "", Map.of(), null, null);
        try {
            List<Telemetry> out = DECODER.decodeValues(device, profile, List.of(new Reading(NOW, byName)), NOW, "modbus");
            assertEquals(1, out.size());
            assertEquals(byName, out.get(0).asMap());
        } catch (Rejection e) {
            assertTrue(e.reason().isPayloadProblem(), e.reason().toString());
        }
    }

    private static void checkType(FieldSpec f, Object v) {
        switch (f.type()) {
            case NUMBER -> assertTrue(Double.isFinite(assertInstanceOf(Double.class, v, f.name())), f.name() + " = " + v);
            case INTEGER -> assertInstanceOf(Long.class, v, f.name());
            case BOOLEAN -> assertInstanceOf(Boolean.class, v, f.name());
            case ENUM -> assertTrue(f.values().contains(assertInstanceOf(String.class, v, f.name())), f.name() + " = " + v);
            case STRING -> assertInstanceOf(String.class, v, f.name());
            default -> throw new AssertionError(f.type());
        }
    }

    static String resource(String name) {
        try (InputStream in = RegisterMapFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("vigil-fuzz");
            d.toFile().deleteOnExit();
            d.resolve("fuzz.yaml").toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
