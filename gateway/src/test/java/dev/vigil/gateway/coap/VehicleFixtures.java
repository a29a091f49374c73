package dev.vigil.gateway.coap;

import dev.vigil.profile.Credentials;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The hazmat-vehicle profile and a two-vehicle registry for the CoAP tests. */
final class VehicleFixtures {
    static final String SALT = "0123456789abcdef";
    static final String TOKEN_1 = "tok-veh-001-AbCdEfGhIjKl";
    static final String TOKEN_2 = "tok-veh-002-MnOpQrStUvWx";
    static final String PSK_SECRET = "test-master-secret-0123456789";

    private VehicleFixtures() {}

    /** The shipped hazmat-vehicle profile (tests run in the gateway module directory). */
    static DeviceProfile profile() {
        return ProfileLoader.loadFile(Path.of("..", "device-profiles", "profiles", "hazmat-vehicle.yaml"));
    }

    static DeviceRegistry registry() {
        DeviceProfile p = profile();
        return new DeviceRegistry(SALT, List.of(
                new Device("veh-001", p.name(), "wuhai-chem", "乌海", Map.of(), Credentials.hash(SALT, TOKEN_1), Map.of()),
                new Device("veh-002", p.name(), "wuhai-chem", "乌海", Map.of(), Credentials.hash(SALT, TOKEN_2), Map.of())),
                Map.of(p.name(), p));
    }
}
