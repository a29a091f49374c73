package dev.vigil.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {

    /** The shipped sample must load and say what the defaults say. */
    @Test
    void sampleConfigLoadsWithDocumentedValues() {
        GatewayConfig c = ConfigLoader.load(Path.of("..", "config", "vigil.yaml"), Map.of());
        assertEquals("device-profiles/profiles", c.profiles());
        assertEquals("config/devices.yaml", c.registry());
        assertEquals(1883, c.mqtt().port());
        assertEquals(8080, c.http().port());
        assertEquals(262144, c.validation().maxPayloadBytes());
        assertEquals(300L, c.validation().maxFutureSkewSeconds());
        assertEquals(GatewayConfig.defaults().validation(), c.validation());
        assertEquals(dev.vigil.gateway.storage.InfluxConfig.defaults(), c.influx().toInfluxConfig());
        assertEquals(dev.vigil.gateway.coap.CoapConfig.defaults(), dev.vigil.gateway.coap.CoapConfig.fromMap(c.coap(), Map.of()));
        assertEquals(dev.vigil.gateway.modbus.ModbusConfig.defaults(), dev.vigil.gateway.modbus.ModbusConfig.fromMap(c.modbus()));
        assertEquals(dev.vigil.gateway.hj212.Hj212Config.defaults(), c.hj212());
    }

    @Test
    void environmentOverridesFileValues() {
        GatewayConfig c = ConfigLoader.load(Path.of("..", "config", "vigil.yaml"),
                Map.of("VIGIL_MQTT_PORT", "1884", "VIGIL_VALIDATION_MAX_BATCH", "50", "VIGIL_REGISTRY", "x.yaml",
                        "VIGIL_HOME", "/ignored"));
        assertEquals(1884, c.mqtt().port());
        assertEquals(50, c.validation().maxBatch());
        assertEquals("x.yaml", c.registry());
    }

    @Test
    void influxEnvironmentConventionWins() {
        GatewayConfig c = ConfigLoader.load(Path.of("..", "config", "vigil.yaml"),
                Map.of("INFLUX_URL", "http://10.0.0.9:8087", "INFLUX_DB", "site", "VIGIL_INFLUX_BATCH_SIZE", "777"));
        assertEquals("http://10.0.0.9:8087", c.influx().toInfluxConfig().url());
        assertEquals("site", c.influx().toInfluxConfig().database());
        assertEquals(777, c.influx().toInfluxConfig().batchSize());
    }

    @Test
    void unknownKeyIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "mqtt:\n  port: 1883\n  prot: 1\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":3: unknown key 'prot'; accepted here: [enabled, host, instances, port, receive_maximum]",
                e.getMessage());
    }

    @Test
    void wrongTypeIsReportedWithLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "http:\n  port: eighty\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(true, e.getMessage().startsWith(f + ":2: "), e.getMessage());
    }
}
