package dev.vigil.profile;

import dev.vigil.testkit.FuzzClock;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.profile.hj212.Hj212Mapping;
import dev.vigil.profile.jt808.ItemMapping;
import dev.vigil.profile.modbus.ModbusMapException;
import dev.vigil.profile.modbus.PlanOptions;
import dev.vigil.profile.modbus.RegisterMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for profile loading: any file content is either a profile (whose parameters,
 * {@code hj212}, {@code jt808} and {@code modbus} sections can then be used without surprises,
 * a modbus map refused only by a {@link ModbusMapException}) or problems, each naming the file
 * and a line within it; the loader throws nothing and no file takes a second.
 *
 * <p>In a normal build the seed corpus ({@code ProfileFileFuzzTestInputs/load}: the shipped
 * profiles and broken variants) is replayed as a regression test; with {@code JAZZER_FUZZ=1}
 * Jazzer fuzzes it.
 */
class ProfileFileFuzzTest {
    static final Path DIR = tempDir();
    static final Path FILE = DIR.resolve("fuzz.yaml");

    static {
        check("name: fuzz\nversion: 1\nlabels: {zh: 模糊, en: Fuzz}\nfields:\n  a: {type: number, labels: {zh: 甲, en: A}}\n"
                .getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void load(byte[] content) {
        FuzzClock.withinASecond(() -> check(content));
    }

    private static void check(byte[] content) {
        try {
            Files.write(FILE, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProfileLoader.Result r = ProfileLoader.check(List.of(FILE));
        if (!r.ok()) {
            assertTrue(r.profiles().isEmpty(), "a file with problems gives no profile");
            long lines = new String(content, StandardCharsets.UTF_8).lines().count();
            for (Problem p : r.problems()) {
                assertEquals(FILE, p.file());
                assertTrue(p.line() >= 0 && p.line() <= lines + 1, "line " + p.line() + " of " + lines + ": " + p);
                assertFalse(p.message().isBlank(), p.toString());
            }
            return;
        }
        assertEquals(1, r.profiles().size());
        DeviceProfile p = r.profiles().get("fuzz");
        assertFalse(p.fields().isEmpty());
        ParameterSpec.of(p);
        Hj212Mapping.of(p);
        ItemMapping.of(p);
        if (RegisterMap.declaredBy(p)) {
            try {
                RegisterMap.parse(p, PlanOptions.defaults());
            } catch (ModbusMapException e) {
                assertTrue(e.getMessage().startsWith(FILE + ":"), e.getMessage());
            }
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
