package dev.vigil.gateway.coap;

import dev.vigil.profile.Credentials;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;

import java.util.List;
import java.util.Map;

/** A hazmat-vehicle profile and a two-vehicle registry built in code for the CoAP tests. */
final class VehicleFixtures {
    static final String SALT = "0123456789abcdef";
    static final String TOKEN_1 = "tok-veh-001-AbCdEfGhIjKl";
    static final String TOKEN_2 = "tok-veh-002-MnOpQrStUvWx";
    static final String PSK_SECRET = "test-master-secret-0123456789";

    private VehicleFixtures() {}

    static FieldSpec num(String name, String unit, Double min, Double max) {
        return new FieldSpec(name, FieldType.NUMBER, unit, min, max, null, 0, name, name);
    }

    static DeviceProfile profile() {
        return new DeviceProfile("hazmat-vehicle", 1, "危货车辆", "Hazardous-goods vehicle", List.of(
                num("lat", "°", -90.0, 90.0),
                num("lon", "°", -180.0, 180.0),
                num("speed", "km/h", 0.0, 220.0),
                new FieldSpec("heading", FieldType.INTEGER, "°", 0.0, 359.0, null, 0, "方向", "heading"),
                num("altitude", "m", -500.0, 9000.0),
                new FieldSpec("gnss_fix", FieldType.BOOLEAN, "", null, null, null, 0, "定位", "GNSS fix"),
                new FieldSpec("acc", FieldType.BOOLEAN, "", null, null, null, 0, "点火", "ignition"),
                new FieldSpec("lock", FieldType.ENUM, "", null, null, List.of("locked", "unlocked", "tampered"), 0, "电子锁", "e-lock"),
                num("tank_pressure", "kPa", 0.0, 3000.0),
                num("tank_temperature", "°C", -50.0, 150.0),
                num("mileage", "km", 0.0, null)), Map.of(), null);
    }

    static DeviceRegistry registry() {
        DeviceProfile p = profile();
        return new DeviceRegistry(SALT, List.of(
                new Device("veh-001", p.name(), "wuhai-chem", "乌海", Map.of(), Credentials.hash(SALT, TOKEN_1), Map.of()),
                new Device("veh-002", p.name(), "wuhai-chem", "乌海", Map.of(), Credentials.hash(SALT, TOKEN_2), Map.of())),
                Map.of(p.name(), p));
    }
}
