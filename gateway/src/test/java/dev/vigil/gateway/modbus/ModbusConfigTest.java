package dev.vigil.gateway.modbus;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.modbus.ModbusMapException;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The poller's config section and the devices' connection.modbus settings, with their error messages. */
class ModbusConfigTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String s) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(s);
    }

    @Test
    void sampleSectionOverridesDefaults() {
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) yaml("""
                modbus:
                  enabled: true
                  interval_ms: 5000        # default poll interval of a device
                  timeout_ms: 800          # response timeout of one request
                  retries: 2               # extra attempts after a timeout or I/O error
                  backoff_initial_ms: 500  # first reconnect / offline re-poll wait, doubling
                  backoff_max_ms: 30000    # cap of the backoff
                  offline_after: 3         # failed polls before a device is offline
                  max_gap_registers: 8     # unmapped registers read through when merging reads
                  max_gap_bits: 64
                """).get("modbus");
        assertEquals(new ModbusConfig(true, 5000, 800, 2, 500, 30_000, 3, 8, 64), ModbusConfig.fromMap(section));
        assertEquals(ModbusConfig.defaults(), ModbusConfig.fromMap(Map.of()));
        assertEquals(new ModbusConfig(true, 10_000, 1_000, 1, 1_000, 60_000, 3, 10, 80), ModbusConfig.defaults());
    }

    @Test
    void badConfigIsNamed() {
        assertEquals("modbus.timeout: unknown key; accepted: [enabled, interval_ms, timeout_ms, retries, backoff_initial_ms, "
                + "backoff_max_ms, offline_after, max_gap_registers, max_gap_bits]",
                assertThrows(IllegalArgumentException.class, () -> ModbusConfig.fromMap(Map.of("timeout", 5))).getMessage());
        assertEquals("modbus.retries: expected a whole number, got 1.5",
                assertThrows(IllegalArgumentException.class, () -> ModbusConfig.fromMap(Map.of("retries", 1.5))).getMessage());
        assertEquals("modbus.offline_after must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> ModbusConfig.fromMap(Map.of("offline_after", 0))).getMessage());
    }

    @Test
    void backoffDoublesUpToTheCap() {
        ModbusConfig c = new ModbusConfig(true, 1000, 1000, 1, 500, 3000, 3, 10, 80);
        assertEquals(500, c.backoffAfter(1));
        assertEquals(1000, c.backoffAfter(2));
        assertEquals(2000, c.backoffAfter(3));
        assertEquals(3000, c.backoffAfter(4));
        assertEquals(3000, c.backoffAfter(40));
    }

    @Test
    void connectionSettingsAreReadAndChecked() {
        DeviceProfile cems = ModbusTestSupport.cems();
        ModbusTarget t = ModbusTarget.of(ModbusTestSupport.device("c1", cems, 1502, 7, 2000, 300), cems, ModbusConfig.defaults());
        assertEquals("127.0.0.1:1502", t.endpoint());
        assertEquals(7, t.unit());
        assertEquals(2000, t.intervalMs());
        assertEquals(300, t.timeoutMs());
        assertEquals(1, t.map().plan().size(), "the CEMS map is one read of holding registers 0..20");
        assertEquals("holding_register 0+21", t.map().plan().get(0).toString());

        Device defaults = new Device("c2", cems.name(), "", "", Map.of(), null, Map.of("modbus", Map.of("host", "10.1.2.3")));
        ModbusTarget d = ModbusTarget.of(defaults, cems, ModbusConfig.defaults());
        assertEquals("10.1.2.3:502", d.endpoint());
        assertEquals(1, d.unit());
        assertEquals(10_000, d.intervalMs());

        Device badUnit = new Device("c3", cems.name(), "", "", Map.of(), null,
                Map.of("modbus", Map.of("host", "h", "unit", 300)));
        assertEquals("device c3: connection.modbus.unit: expected a whole number from 0 to 255, got 300",
                assertThrows(IllegalArgumentException.class, () -> ModbusTarget.of(badUnit, cems, ModbusConfig.defaults())).getMessage());
        Device noHost = new Device("c4", cems.name(), "", "", Map.of(), null, Map.of("modbus", Map.of("port", 502)));
        assertEquals("device c4: connection.modbus.host is required",
                assertThrows(IllegalArgumentException.class, () -> ModbusTarget.of(noHost, cems, ModbusConfig.defaults())).getMessage());
    }

    @Test
    void profileWithoutModbusSectionIsRefusedByName() {
        DeviceProfile plain = new DeviceProfile("elevator", 1, "电梯", "elevator",
                java.util.List.of(ModbusTestSupport.number("speed", 0, 10)), Map.of(), null);
        Device d = new Device("e1", "elevator", "", "", Map.of(), null, Map.of("modbus", Map.of("host", "h")));
        assertEquals("profile elevator: no modbus section; a device polled over Modbus needs its profile to map registers",
                assertThrows(ModbusMapException.class, () -> ModbusTarget.of(d, plain, ModbusConfig.defaults())).getMessage());
    }
}
