package dev.vigil.gateway.mqtt;

import dev.vigil.gateway.security.ServerTls;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.mqtt.MqttAuth;

/**
 * Decides who a connecting MQTT client is: username = device id with the token as password, or
 * (ThingsBoard's convention) username = access token with no password; or, over TLS, the device
 * whose id is the CN of the client certificate.
 */
final class MqttAuthenticator {
    private MqttAuthenticator() {}

    /**
     * The outcome: the device, or a refusal text that names no secret.
     *
     * @param notAuthorized the refusal concerns a client certificate (MQTT 5 reason 0x87 rather than 0x86)
     */
    record Result(Device device, String refusal, boolean notAuthorized) {
        boolean ok() { return device != null; }

        static Result accepted(Device d) {
            return new Result(d, null, false);
        }

        static Result badCredentials(String why) {
            return new Result(null, why, false);
        }

        static Result certificateRefused(String why) {
            return new Result(null, why, true);
        }
    }

    static Result authenticate(DeviceRegistry registry, MqttAuth auth) {
        String user = auth == null ? null : auth.getUsername();
        String pass = auth == null ? null : auth.getPassword();
        if (user == null || user.isEmpty()) {
            return Result.badCredentials("username required: the device id with its token as password, or the access token alone");
        }
        Device byId = registry.byId(user);
        if (byId != null) {
            if (pass == null || pass.isEmpty()) return Result.badCredentials("password required: the access token of device " + user);
            if (!registry.authenticate(byId, pass)) return Result.badCredentials("wrong token for device " + user);
            return Result.accepted(byId);
        }
        Device byToken = registry.byToken(user);
        if (byToken != null) return Result.accepted(byToken);
        return Result.badCredentials("unknown device id or access token");
    }

    /**
     * A client that presented a certificate the client CA signed: the device is the one whose id is
     * the certificate's CN. The CONNECT may name it too (user name = its id or its token; a token
     * sent as password must then be right) or name nobody (empty user name: the certificate alone
     * logs in); naming another device, or a client id that is another registered device's id, is refused.
     */
    static Result authenticate(DeviceRegistry registry, ServerTls.PeerCertificate cert, MqttAuth auth, String clientId) {
        if (cert.commonName() == null) {
            return Result.certificateRefused("the client certificate (" + cert.subject() + ") has no single CN naming a device");
        }
        String cn = cert.commonName();
        Device device = registry.byId(cn);
        if (device == null) return Result.certificateRefused("certificate CN '" + cn + "' is not a registered device");
        String user = auth == null ? null : auth.getUsername();
        String pass = auth == null ? null : auth.getPassword();
        if (user != null && !user.isEmpty()) {
            Device named = registry.byId(user);
            boolean byToken = false;
            if (named == null) {
                named = registry.byToken(user);
                byToken = named != null;
            }
            if (named == null) {
                return Result.certificateRefused("the user name names no registered device; the certificate (CN '" + cn
                        + "') logs in device " + cn + " (user name " + cn + " or empty)");
            }
            if (!named.id().equals(cn)) {
                return Result.certificateRefused("the certificate is device " + cn + "'s but the CONNECT names device " + named.id());
            }
            if (!byToken && pass != null && !pass.isEmpty() && !registry.authenticate(device, pass)) {
                return Result.badCredentials("wrong token for device " + cn + " (a client certificate needs no token; send none or the right one)");
            }
        }
        if (clientId != null && !clientId.equals(cn) && registry.byId(clientId) != null) {
            return Result.certificateRefused("the certificate is device " + cn + "'s but the client id names device " + clientId);
        }
        return Result.accepted(device);
    }
}
