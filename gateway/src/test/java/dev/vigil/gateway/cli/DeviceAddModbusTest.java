package dev.vigil.gateway.cli;

import dev.vigil.gateway.modbus.ModbusConfig;
import dev.vigil.gateway.modbus.ModbusTarget;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.vigil.gateway.cli.DeviceCommandTest.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vigil device add --modbus-*}: registering a polled Modbus TCP device, and every refusal. */
class DeviceAddModbusTest {
    private static final String PROFILES = DeviceCommandTest.PROFILES;

    @Test
    void registersAPolledDeviceThatThePollerAccepts(@TempDir Path tmp) {
        Path reg = tmp.resolve("devices.yaml");
        CliRun r = CliRun.of("device", "add", "--registry", reg.toString(), "--profiles", PROFILES,
                "--id", "cems-0001", "--profile", "emission-cems", "--modbus-host", "10.0.0.20", "--modbus-port", "1502",
                "--modbus-unit", "3", "--modbus-interval-ms", "5000", "--modbus-timeout-ms", "800");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nModbus TCP: polled at 10.0.0.20:1502 unit 3 every 5000 ms\n"), r.out());

        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of(PROFILES));
        DeviceRegistry registry = RegistryLoader.load(reg, profiles);
        Device d = registry.byId("cems-0001");
        assertEquals(Map.of("modbus", Map.of("host", "10.0.0.20", "port", 1502, "unit", 3, "interval_ms", 5000, "timeout_ms", 800)),
                d.connection());
        ModbusTarget t = ModbusTarget.of(d, registry.profileOf(d), ModbusConfig.defaults());
        assertEquals(new ModbusTarget(d, t.profile(), t.map(), "10.0.0.20", 1502, 3, 5000, 800), t);
    }

    @Test
    void portAndUnitDefaultTo502And1AndTimingToTheGatewayConfig(@TempDir Path tmp) {
        Path reg = tmp.resolve("devices.yaml");
        CliRun r = CliRun.of("device", "add", "-q", "--registry", reg.toString(), "--profiles", PROFILES,
                "--id", "tx-1", "--profile", "power-transformer", "--modbus-host", "trafo-gw.local");
        assertEquals(0, r.code(), r.err());
        DeviceRegistry registry = RegistryLoader.load(reg, ProfileLoader.loadDirectory(Path.of(PROFILES)));
        Device d = registry.byId("tx-1");
        assertEquals(Map.of("modbus", Map.of("host", "trafo-gw.local", "port", 502, "unit", 1)), d.connection());
        ModbusConfig config = ModbusConfig.defaults();
        ModbusTarget t = ModbusTarget.of(d, registry.profileOf(d), config);
        assertEquals(config.intervalMs(), t.intervalMs());
        assertEquals(config.timeoutMs(), t.timeoutMs());
    }

    @Test
    void badModbusOptionsAreRefusedNamingTheOption(@TempDir Path tmp) throws Exception {
        Path reg = tmp.resolve("devices.yaml");
        String[] base = {"device", "add", "--registry", reg.toString(), "--profiles", PROFILES};
        assertEquals(0, CliRun.of(concat(base, "--id", "elv-1", "--profile", "elevator")).code());
        String before = Files.readString(reg);
        String[] cems = concat(base, "--id", "cems-1", "--profile", "emission-cems");

        assertRefused("--modbus-port 0: expected a TCP port from 1 to 65535", concat(cems, "--modbus-host", "h", "--modbus-port", "0"));
        assertRefused("--modbus-port 65536: expected a TCP port from 1 to 65535", concat(cems, "--modbus-host", "h", "--modbus-port", "65536"));
        assertRefused("--modbus-unit 0: expected a Modbus unit id from 1 to 247", concat(cems, "--modbus-host", "h", "--modbus-unit", "0"));
        assertRefused("--modbus-unit 248: expected a Modbus unit id from 1 to 247", concat(cems, "--modbus-host", "h", "--modbus-unit", "248"));
        assertRefused("--modbus-interval-ms 0: expected a poll interval of at least 10 ms",
                concat(cems, "--modbus-host", "h", "--modbus-interval-ms", "0"));
        assertRefused("--modbus-interval-ms -5000: expected a poll interval of at least 10 ms",
                concat(cems, "--modbus-host", "h", "--modbus-interval-ms", "-5000"));
        assertRefused("--modbus-timeout-ms 0: expected a response timeout from 1 to 600000 ms",
                concat(cems, "--modbus-host", "h", "--modbus-timeout-ms", "0"));
        assertRefused("--modbus-unit needs --modbus-host HOST (the address the gateway polls)", concat(cems, "--modbus-unit", "3"));
        assertRefused("--modbus-host ' ': expected a host name or IP address", concat(cems, "--modbus-host", " "));
        assertRefused("--modbus-host: profile elevator has no register map (modbus: section), so it cannot be polled;"
                        + " profiles with one: emission-cems, power-transformer",
                concat(base, "--id", "elv-2", "--profile", "elevator", "--modbus-host", "10.0.0.9"));

        CliRun notANumber = CliRun.of(concat(cems, "--modbus-host", "h", "--modbus-port", "five-oh-two"));
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.err().startsWith("Invalid value for option '--modbus-port': 'five-oh-two' is not an int"), notANumber.err());

        assertEquals(before, Files.readString(reg), "nothing written on a refusal");
    }

    private static void assertRefused(String message, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(1, r.code(), r.out());
        assertEquals("vigil device add: " + message + "\n", r.err());
        assertEquals("", r.out());
    }
}
