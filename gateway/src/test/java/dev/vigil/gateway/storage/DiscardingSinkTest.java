package dev.vigil.gateway.storage;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench-only discarding sink and its config switch. */
class DiscardingSinkTest {

    @Test
    void encodesCountsAndDropsEveryReading() throws Exception {
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of("..", "device-profiles", "profiles"));
        DeviceProfile elevator = profiles.get("elevator");
        Device d = new Device("elv-0001", "elevator", "Co", "wuhai", Map.of(), null, null);
        Object[] values = new Object[elevator.fields().size()];
        values[0] = 7L;
        Telemetry t = new Telemetry(d, elevator, 1_700_000_000_000L, values, "mqtt");
        DiscardingSink sink = new DiscardingSink();
        assertTrue(sink.write(List.of(t, t)).succeeded());
        assertTrue(sink.write(List.of(t)).succeeded());
        assertEquals(3, sink.discarded());
        LineProtocolWriter line = new LineProtocolWriter();
        LineProtocol.append(line, t);
        assertEquals("elevator,device=elv-0001,enterprise=Co,region=wuhai floor=7i 1700000000000\n", line.toString());
        assertEquals(3L * line.length(), sink.encodedBytes());
    }

    @Test
    void offUnlessTheConfigSaysDiscard(@TempDir Path dir) throws Exception {
        assertFalse(GatewayConfig.defaults().influx().discard());
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "influx:\n  discard: true\n");
        assertTrue(ConfigLoader.load(f, Map.of()).influx().discard());
        assertTrue(ConfigLoader.load(null, Map.of("VIGIL_INFLUX_DISCARD", "true")).influx().discard());
        assertFalse(ConfigLoader.load(Path.of("..", "config", "vigil.yaml"), Map.of()).influx().discard());
    }
}
