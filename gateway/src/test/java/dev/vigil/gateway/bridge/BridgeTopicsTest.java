package dev.vigil.gateway.bridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Device ids from site-broker topics. */
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
}
