package dev.vigil.gateway.cli;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.profile.RegistryWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vigil device add-fleet}: one write for many devices, tokens that authenticate, errors named. */
class DeviceAddFleetCommandTest {
    private static final Path PROFILES = Path.of("..", "device-profiles", "profiles");

    private static int run(String... args) {
        return new CommandLine(new VigilCli()).execute(args);
    }

    @Test
    void registersTheFleetNextToExistingDevicesWithWorkingTokens(@TempDir Path dir) throws Exception {
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(PROFILES);
        Path registry = dir.resolve("devices.yaml");
        String oldToken = RegistryWriter.add(registry, new Device("elv-0001", "elevator", "A", "r", Map.of(), null, null), profiles);
        Path tokens = dir.resolve("out/tokens.txt");

        assertEquals(0, run("device", "add-fleet", "--registry", registry.toString(), "--profiles", PROFILES.toString(),
                "--profile", "elevator", "--prefix", "ld-", "--count", "1200", "--region", "bench",
                "--tokens-out", tokens.toString()));

        DeviceRegistry reg = RegistryLoader.load(registry, profiles);
        assertEquals(1201, reg.devices().size());
        assertTrue(reg.authenticate(reg.byId("elv-0001"), oldToken));
        List<String> lines = Files.readAllLines(tokens);
        assertEquals(1200, lines.size());
        assertEquals("ld-000001", lines.get(0).substring(0, lines.get(0).indexOf('=')));
        assertEquals("ld-001200", lines.get(1199).substring(0, lines.get(1199).indexOf('=')));
        for (String line : List.of(lines.get(0), lines.get(599), lines.get(1199))) {
            String id = line.substring(0, line.indexOf('='));
            String token = line.substring(line.indexOf('=') + 1);
            Device d = reg.byId(id);
            assertEquals("elevator", d.profile());
            assertEquals("bench", d.region());
            assertTrue(reg.authenticate(d, token), id);
            assertEquals(d, reg.byToken(token));
        }
        assertFalse(reg.authenticate(reg.byId("ld-000002"), lines.get(0).substring(lines.get(0).indexOf('=') + 1)));
    }

    @Test
    void refusesAnUnknownProfileAndDuplicateIdsWithoutWriting(@TempDir Path dir) throws Exception {
        Path registry = dir.resolve("devices.yaml");
        Path tokens = dir.resolve("tokens.txt");
        assertEquals(2, run("device", "add-fleet", "--registry", registry.toString(), "--profiles", PROFILES.toString(),
                "--profile", "toaster", "--prefix", "t-", "--count", "3", "--tokens-out", tokens.toString()));
        assertFalse(Files.exists(registry));
        assertEquals(0, run("device", "add-fleet", "--registry", registry.toString(), "--profiles", PROFILES.toString(),
                "--profile", "elevator", "--prefix", "x-", "--count", "3", "--tokens-out", tokens.toString()));
        String before = Files.readString(registry);
        assertEquals(2, run("device", "add-fleet", "--registry", registry.toString(), "--profiles", PROFILES.toString(),
                "--profile", "elevator", "--prefix", "x-", "--count", "2", "--start", "3", "--tokens-out", tokens.toString()));
        assertEquals(before, Files.readString(registry));
    }
}
