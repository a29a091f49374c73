package dev.vigil.gateway.mqtt;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.mqtt.MqttAuth;

/**
 * Decides who a connecting MQTT client is: username = device id with the token as password, or
 * (ThingsBoard's convention) username = access token with no password.
 */
final class MqttAuthenticator {
    private MqttAuthenticator() {}

    /** The outcome: the device, or a refusal text that names no secret. */
    record Result(Device device, String refusal) {
        boolean ok() { return device != null; }
    }

    static Result authenticate(DeviceRegistry registry, MqttAuth auth) {
        String user = auth == null ? null : auth.getUsername();
        String pass = auth == null ? null : auth.getPassword();
        if (user == null || user.isEmpty()) {
            return new Result(null, "username required: the device id with its token as password, or the access token alone");
        }
        Device byId = registry.byId(user);
        if (byId != null) {
            if (pass == null || pass.isEmpty()) return new Result(null, "password required: the access token of device " + user);
            if (!registry.authenticate(byId, pass)) return new Result(null, "wrong token for device " + user);
            return new Result(byId, null);
        }
        Device byToken = registry.byToken(user);
        if (byToken != null) return new Result(byToken, null);
        return new Result(null, "unknown device id or access token");
    }
}
