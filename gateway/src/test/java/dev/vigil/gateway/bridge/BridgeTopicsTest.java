package dev.vigil.gateway.bridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Device ids from site-broker topics, and the bridge's configuration checks. */
class BridgeTopicsTest {

    @Test
    void deviceIdIsTheLevelAfterDevices() {
        assertEquals("elv-0001", BridgeTopics.deviceId("devices/elv-0001/telemetry"));
        assertEquals("elv-0001", BridgeTopics.deviceId("v1/devices/elv-0001/telemetry"));
        assertEquals("cems-7", BridgeTopics.deviceId("site-3/devices/cems-7/telemetry"));
    }

    @Test
    void otherTopicsNameNoDevice() {
        assertNull(BridgeTopics.deviceId("v1/devices/me/telemetry"));
        assertNull(BridgeTopics.deviceId("devices//telemetry"));
        assertNull(BridgeTopics.deviceId("devices/elv-1/status"));
        assertNull(BridgeTopics.deviceId("things/elv-1/telemetry"));
        assertNull(BridgeTopics.deviceId("mydevices/elv-1/telemetry"));
        assertNull(BridgeTopics.deviceId("devices/a/b/telemetry"));
        assertNull(BridgeTopics.deviceId("telemetry"));
    }

    @Test
    void sharedGroupPrefixesTheFilter() {
        BridgeConfig c = BridgeConfig.of("tcp://127.0.0.1:1883", "gw-1");
        assertEquals("$share/vigil/devices/+/telemetry", c.subscriptionFilter());
        assertEquals(1, c.qos());
        assertEquals(false, c.cleanStart());
        assertEquals(3600L, c.sessionExpiry());
        BridgeConfig plain = new BridgeConfig(true, "tcp://h:1883", "gw", null, null, "v1/devices/+/telemetry", "", 0, true, 0L);
        assertEquals("v1/devices/+/telemetry", plain.subscriptionFilter());
    }

    @Test
    void badSettingsNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeConfig(true, null, null, null, null, null, null, null, null, null));
        assertEquals("bridge.broker_url: required when the bridge is enabled, e.g. tcp://127.0.0.1:1883", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeConfig(true, "tcp://h:1883", null, null, null, null, null, 2, null, null));
        assertEquals("bridge.qos: 2 is not supported; use 0 or 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeConfig(true, "tcp://h:1883", null, null, null, null, "a/b", null, null, null));
        assertEquals("bridge.shared_group: 'a/b' must not contain '/', '+' or '#'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BridgeConfig(true, "tcp://h:1883", null, null, null, "$share/g/devices/+/telemetry", null, null, null, null));
        assertEquals("bridge.topic_filter: give the plain filter and the group in shared_group, not '$share/g/devices/+/telemetry'", e.getMessage());
    }
}
