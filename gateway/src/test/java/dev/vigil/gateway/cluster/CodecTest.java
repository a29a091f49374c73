package dev.vigil.gateway.cluster;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record formats of the telemetry and alerts topics, and the partition of a device. */
class CodecTest {
    private static final Map<String, DeviceProfile> PROFILES = ProfileLoader.loadDirectory(ClusterSite.PROFILES);

    private static DeviceRegistry registry(Device... devices) {
        return new DeviceRegistry("salt", List.of(devices), PROFILES);
    }

    @Test
    void aReadingOfEveryFieldTypeComesBackWithTheSameTypedValues() {
        Device d = new Device("elv-9", "elevator", "Co.", "r", Map.of(), null, null);
        DeviceRegistry reg = registry(d);
        DeviceProfile p = reg.profileOf(d);
        Object[] v = new Object[p.fields().size()];
        v[p.index("floor")] = 7L;
        v[p.index("speed")] = 1.0000000000000002;
        v[p.index("door")] = "closed";
        v[p.index("occupied")] = true;
        v[p.index("running")] = false;
        Telemetry t = new Telemetry(d, p, 1_700_000_000_123L, v, "mqtt", 1_700_000_000_456L);
        Telemetry back = TelemetryCodec.decode("elv-9", TelemetryCodec.encode(t), reg);
        assertEquals(t.time(), back.time());
        assertEquals(t.arrivedAt(), back.arrivedAt());
        assertEquals("mqtt", back.protocol());
        assertArrayEquals(v, back.values());
        assertEquals(Long.class, back.values()[p.index("floor")].getClass());
        assertEquals(Double.class, back.values()[p.index("speed")].getClass());
        Telemetry backfill = TelemetryCodec.decode("elv-9", TelemetryCodec.encode(new Telemetry(d, p, 5, v, "jt808")), reg);
        assertEquals(Telemetry.NO_ARRIVAL, backfill.arrivedAt());
    }

    @Test
    void aReadingOfADeviceNoLongerRegisteredIsNullAndGarbageIsRefused() {
        Device d = new Device("elv-9", "elevator", "Co.", "r", Map.of(), null, null);
        DeviceRegistry reg = registry(d);
        byte[] value = "{\"t\":1,\"p\":\"mqtt\",\"v\":{\"floor\":1}}".getBytes(StandardCharsets.UTF_8);
        assertNull(TelemetryCodec.decode("gone", value, reg));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TelemetryCodec.decode("elv-9", "[1]".getBytes(StandardCharsets.UTF_8), reg));
        assertTrue(e.getMessage().startsWith("not a reading"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TelemetryCodec.decode("elv-9", "{\"p\":\"x\"}".getBytes(StandardCharsets.UTF_8), reg));
    }

    @Test
    void anAlertEventComesBackEqual() {
        AlertEvent e = new AlertEvent("elv-9/trapped-at-level/1700000020000", AlertEvent.Kind.ACKNOWLEDGED, "elv-9", "elevator", "Co.",
                "wuhai", "trapped-at-level", 2, Level.ORANGE, Level.YELLOW, 1_700_000_020_000L, "已确认 / acknowledged",
                Map.of("floor", 3, "door", "closed", "occupied", true), "张三", "on my way");
        AlertEvent back = (AlertEvent) AlertCodec.decodeAny(AlertCodec.encode(e));
        assertEquals(e, back);
        assertEquals(AlertCodec.key(e), AlertCodec.key(back));
        assertThrows(IllegalArgumentException.class, () -> AlertCodec.decodeAny("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDevicesPartitionIsKafkasOwnChoiceForItsKey() {
        // the default partitioner's murmur2 of the key, which the telemetry and state topics share
        assertEquals(org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                "elv-0001".getBytes(StandardCharsets.UTF_8))) % 12, Partitions.of("elv-0001", 12));
        int[] seen = new int[12];
        for (int i = 0; i < 1200; i++) seen[Partitions.of("elv-" + i, 12)]++;
        for (int n : seen) assertTrue(n > 50, "devices spread over the partitions: " + java.util.Arrays.toString(seen));
    }
}
