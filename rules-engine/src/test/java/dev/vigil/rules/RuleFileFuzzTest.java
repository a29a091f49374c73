package dev.vigil.rules;

import dev.vigil.testkit.FuzzClock;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.Problem;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.ZoneIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target for rule loading (YAML and CEL): any content of a rule file
 * ({@code elevator.rules.yaml}, next to the shipped profiles without their own rules) either loads
 * into a rule set or is refused with problems, each naming the file and a line within it; a loaded
 * rule set then runs on readings of every shipped profile and on clock ticks without throwing
 * (a CEL expression that cannot be evaluated counts as not true). No file takes a second.
 *
 * <p>In a normal build the seed corpus ({@code RuleFileFuzzTestInputs/load}: the shipped profile
 * rules, the example overrides and broken variants) is replayed as a regression test; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes it.
 */
class RuleFileFuzzTest {
    static final Map<String, DeviceProfile> PROFILES = FuzzSamples.profilesWithoutRules();
    static final RuleSetLoader LOADER = new RuleSetLoader(PROFILES);
    static final ZoneIndex ZONES = GeoJsonZoneLoader.loadDirectory(Path.of("..", "zones", "wuhai")).index();
    static final Path DIR = tempDir();
    static final Path FILE = DIR.resolve("elevator.rules.yaml");

    static {
        run("- {id: warm-up, kind: expression, when: 'speed > 1.0 && door == \"open\"', level: red}\n".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "5m")
    void load(byte[] content) {
        FuzzClock.withinASecond(() -> run(content));
    }

    private static void run(byte[] content) {
        try {
            Files.write(FILE, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuleSetLoader.Result r = LOADER.load(List.of(FILE));
        if (!r.ok()) {
            assertNull(r.ruleSet());
            assertFalse(r.problems().isEmpty());
            long lines = new String(content, StandardCharsets.UTF_8).lines().count();
            for (Problem p : r.problems()) {
                assertEquals(FILE, p.file(), p.toString());
                assertTrue(p.line() >= 0 && p.line() <= lines + 1, "line " + p.line() + " of " + lines + ": " + p);
                assertFalse(p.message().isBlank(), p.toString());
            }
            return;
        }
        assertNotNull(r.ruleSet());
        RuleEngine engine = new RuleEngine(r.ruleSet(), null, ZONES, EngineOptions.defaults());
        long last = FuzzSamples.T0;
        for (DeviceProfile p : PROFILES.values()) {
            Device d = FuzzSamples.device(p);
            for (Telemetry t : FuzzSamples.readings(p, d, 106.80, 39.67, 106.85, 39.70, 0.0, 0.0)) {
                engine.onTelemetry(t);
                last = Math.max(last, t.time());
            }
        }
        engine.onTick(last + 3_600_000L);
        engine.onTick(last + 86_400_000L);
    }

    static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("vigil-fuzz");
            d.toFile().deleteOnExit();
            d.resolve("elevator.rules.yaml").toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
