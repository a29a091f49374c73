package dev.vigil.gateway.jt808;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Location reports onto the hazmat-vehicle profile: alarm bits, no position without a fix, vendor items. */
class ReadingMapperTest {
    private static final DeviceProfile VEHICLE = ProfileLoader.loadFile(TestGateway.PROFILES.resolve("hazmat-vehicle.yaml"));

    @Test
    void alarmBitsBecomeBooleansAndTheWordIsKept() {
        long alarm = 1L | 1L << 8 | 1L << 29 | 1L << 30 | 1L << 31;
        LocationReport r = new LocationReport(alarm, 0b11, 39_671_234, 106_820_345, 1093, 543, 87, 1_764_230_400_000L,
                Map.of(0xE1, new byte[] {2}, 0x01, new byte[] {0, 0, 0x03, (byte) 0xe8}));
        ObjectNode o = new ReadingMapper().reading(VEHICLE, r);
        assertEquals(1_764_230_400_000L, o.get("ts").asLong());
        assertEquals(39.671234, o.get("lat").asDouble());
        assertEquals(54.3, o.get("speed").asDouble());
        assertEquals(true, o.get("alarm_emergency").asBoolean());
        assertEquals(false, o.get("alarm_overspeed").asBoolean());
        assertEquals(true, o.get("alarm_power_lost").asBoolean());
        assertEquals(true, o.get("alarm_collision").asBoolean());
        assertEquals(true, o.get("alarm_rollover").asBoolean());
        assertEquals(true, o.get("alarm_door_opened").asBoolean());
        assertEquals(alarm, o.get("alarm_bits").asLong());
        assertEquals("tampered", o.get("lock").asText());
        assertEquals(100.0, o.get("mileage").asDouble());
        assertEquals(true, o.get("acc").asBoolean());
    }

    @Test
    void withoutAFixThereIsNoPosition() {
        LocationReport r = new LocationReport(0, 0b01, 0, 0, 0, 0, 0, 1_764_230_400_000L, Map.of());
        ObjectNode o = new ReadingMapper().reading(VEHICLE, r);
        assertFalse(o.has("lat") || o.has("lon") || o.has("heading") || o.has("altitude"), o.toString());
        assertEquals(false, o.get("gnss_fix").asBoolean());
        assertEquals(0.0, o.get("speed").asDouble());
        assertFalse(o.has("lock"), "no item 0xE1, no lock value");
    }
}
