package dev.vigil.profile;

import java.util.Map;

/**
 * One registered device: who it belongs to, which profile it follows, its parameters (rated speed
 * ...), its connection settings (Modbus host/port ...) and the salted hash of its access token.
 *
 * @param id         device id; MQTT username, CoAP DTLS identity, InfluxDB tag "device"
 * @param profile    profile name
 * @param enterprise owning enterprise (InfluxDB tag)
 * @param region     administrative region (InfluxDB tag)
 * @param params     device parameters used by rules, e.g. rated_speed
 * @param tokenHash  salted hash of the access token (see {@link Credentials}), or null if the
 *                   device does not authenticate with a token (e.g. a polled Modbus device)
 * @param connection protocol-specific settings (e.g. "modbus": {host, port, unit, interval})
 * @param site       where a fixed device stands, or null (vehicles report their positions instead)
 */
public record Device(String id, String profile, String enterprise, String region,
                     Map<String, Object> params, String tokenHash, Map<String, Object> connection, Site site) {

    /** A device without a site. */
    public Device(String id, String profile, String enterprise, String region,
                  Map<String, Object> params, String tokenHash, Map<String, Object> connection) {
        this(id, profile, enterprise, region, params, tokenHash, connection, null);
    }

    public Device {
        params = params == null ? Map.of() : Map.copyOf(params);
        connection = connection == null ? Map.of() : Map.copyOf(connection);
        enterprise = enterprise == null ? "" : enterprise;
        region = region == null ? "" : region;
    }

    /** A numeric device parameter, or the fallback when absent. */
    public double param(String name, double fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}
