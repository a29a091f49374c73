package dev.vigil.gateway.bridge;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;

import java.util.List;
import java.util.Map;

/** A device registry built in code for the bridge tests. */
final class BridgeTestDevices {

    private BridgeTestDevices() {}

    static DeviceRegistry registry() {
        DeviceProfile elevator = new DeviceProfile("elevator", 1, "电梯", "Elevator", List.of(
                new FieldSpec("floor", FieldType.INTEGER, "", -5.0, 100.0, null, 0, "楼层", "Floor"),
                new FieldSpec("door", FieldType.ENUM, "", null, null, List.of("closed", "open", "closing", "opening"), 0, "门", "Door"),
                new FieldSpec("speed", FieldType.NUMBER, "m/s", 0.0, 10.0, null, 0, "速度", "Speed"),
                new FieldSpec("occupied", FieldType.BOOLEAN, "", null, null, null, 0, "有人", "Occupied")),
                Map.of(), null);
        return new DeviceRegistry("salt", List.of(
                new Device("elv-1", "elevator", "acme", "wuhai", Map.of("rated_speed", 1.75), null, null),
                new Device("elv-2", "elevator", "acme", "wuhai", Map.of("rated_speed", 1.0), null, null)),
                Map.of("elevator", elevator));
    }
}
