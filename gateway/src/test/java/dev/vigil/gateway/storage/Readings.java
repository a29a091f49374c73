package dev.vigil.gateway.storage;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;

import java.util.List;
import java.util.Map;

/** Builds profiles, devices and readings in code for the storage tests. */
final class Readings {

    private Readings() {
    }

    static FieldSpec field(String name, FieldType type) {
        List<String> values = type == FieldType.ENUM ? List.of("idle", "moving", "fault") : List.of();
        return new FieldSpec(name, type, "", null, null, values, 0, name, name);
    }

    /** A profile with one field of each type: speed (number), floor (integer), door_open (boolean), state (enum), note (string). */
    static DeviceProfile allTypes(String name) {
        return new DeviceProfile(name, 1, name, name, List.of(
                field("speed", FieldType.NUMBER),
                field("floor", FieldType.INTEGER),
                field("door_open", FieldType.BOOLEAN),
                field("state", FieldType.ENUM),
                field("note", FieldType.STRING)), Map.of(), null);
    }

    static DeviceProfile profile(String name, FieldSpec... fields) {
        return new DeviceProfile(name, 1, name, name, List.of(fields), Map.of(), null);
    }

    static Device device(String id, DeviceProfile profile, String enterprise, String region) {
        return new Device(id, profile.name(), enterprise, region, Map.of(), null, Map.of());
    }

    static Telemetry reading(Device device, DeviceProfile profile, long time, Object... values) {
        return new Telemetry(device, profile, time, values, "test");
    }
}
