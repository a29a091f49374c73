package dev.vigil.gateway.bridge;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bridge's settings: defaults, the shipped sample, environment overrides and errors. */
class BridgeConfigTest {
    private static final Path SAMPLE = Path.of("..", "config", "vigil.yaml");

    @Test
    void sharedGroupPrefixesTheFilter() {
        BridgeConfig c = BridgeConfig.of("tcp://127.0.0.1:1883", "gw-1");
        assertEquals("$share/vigil/devices/+/telemetry", c.subscriptionFilter());
        assertEquals(1, c.qos());
        assertEquals(false, c.cleanStart());
        assertEquals(3_600_000L, c.sessionExpiryMs());
        assertEquals(3600L, c.sessionExpirySeconds());
        BridgeConfig plain = new BridgeConfig(true, "tcp://h:1883", "gw", null, null, "v1/devices/+/telemetry", "", 0, true, 0L, 1000);
        assertEquals("v1/devices/+/telemetry", plain.subscriptionFilter());
    }

    @Test
    void sampleConfigShipsTheBridgeOffWithTheDefaults() {
        BridgeConfig b = ConfigLoader.load(SAMPLE, Map.of()).bridge();
        BridgeConfig d = GatewayConfig.defaults().bridge();
        assertEquals(false, b.enabled());
        assertEquals(false, d.enabled());
        assertEquals(null, b.brokerUrl());
        assertEquals(d.subscriptionFilter(), b.subscriptionFilter());
        assertEquals(d.qos(), b.qos());
        assertEquals(d.cleanStart(), b.cleanStart());
        assertEquals(d.sessionExpiryMs(), b.sessionExpiryMs());
        assertEquals(d.clientId(), b.clientId());
        assertEquals(1000, b.receiveMaximum());
        assertEquals(d.receiveMaximum(), b.receiveMaximum());
    }

    @Test
    void environmentTurnsTheBridgeOn() {
        BridgeConfig b = ConfigLoader.load(SAMPLE, Map.of("VIGIL_BRIDGE_ENABLED", "true",
                "VIGIL_BRIDGE_BROKER_URL", "tcp://10.1.2.3:1883", "VIGIL_BRIDGE_CLIENT_ID", "gw-7",
                "VIGIL_BRIDGE_SHARED_GROUP", "site7")).bridge();
        assertEquals(true, b.enabled());
        assertEquals("tcp://10.1.2.3:1883", b.brokerUrl());
        assertEquals("gw-7", b.clientId());
        assertEquals("$share/site7/devices/+/telemetry", b.subscriptionFilter());
    }

    @Test
    void badSettingsNameTheKey(@TempDir Path dir) throws Exception {
        assertEquals("bridge.broker_url: required when the bridge is enabled, e.g. tcp://127.0.0.1:1883",
                refused("bridge:\n  enabled: true\n"));
        assertEquals("yaml:3: bridge.qos: 2 is not supported; use 0 or 1", refused("bridge:\n  broker_url: tcp://h:1883\n  qos: 2\n"));
        assertEquals("yaml:2: bridge.shared_group: 'a/b' must not contain '/', '+' or '#'", refused("bridge:\n  shared_group: a/b\n"));
        assertEquals("yaml:2: bridge.topic_filter: give the plain filter and the group in shared_group, not '$share/g/devices/+/telemetry'",
                refused("bridge:\n  topic_filter: $share/g/devices/+/telemetry\n"));
        assertEquals("yaml:2: bridge.session_expiry: renamed to bridge.session_expiry_ms", refused("bridge:\n  session_expiry: 3600\n"));

        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "mqtt:\n  port: 1883\nbridge:\n  enabled: true\n  broker_url: tcp://h:1883\n  qos: 2\n");
        ConfigLoader.ConfigException c = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":6: bridge.qos: 2 is not supported; use 0 or 1", c.getMessage());
    }

    private static String refused(String yaml) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.fromYaml(yaml)).getMessage();
    }
}
