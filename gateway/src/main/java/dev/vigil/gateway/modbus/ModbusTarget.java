package dev.vigil.gateway.modbus;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.modbus.RegisterMap;

import java.util.Map;
import java.util.List;

/**
 * A device to poll: where it answers ({@code connection.modbus: {host, port, unit, interval_ms,
 * timeout_ms}} in the device registry) and the register map of its profile.
 *
 * @param device     the registered device
 * @param profile    its profile
 * @param map        the profile's register map and read plan
 * @param host       host name or address of the Modbus TCP server (the device or its gateway box)
 * @param port       TCP port, default 502
 * @param unit       Modbus unit id 0..255, default 1
 * @param intervalMs poll interval
 * @param timeoutMs  response timeout of one request
 */
public record ModbusTarget(Device device, DeviceProfile profile, RegisterMap map, String host, int port,
                           int unit, int intervalMs, int timeoutMs) {

    private static final List<String> KEYS = List.of("host", "port", "unit", "interval_ms", "timeout_ms");

    /** True when the device is polled over Modbus. */
    public static boolean isModbus(Device device) {
        return device.connection().containsKey("modbus");
    }

    /**
     * Reads a device's connection settings.
     *
     * @throws IllegalArgumentException naming the device and key when a setting is missing or invalid
     */
    public static ModbusTarget of(Device device, DeviceProfile profile, ModbusConfig config) {
        String at = "device " + device.id() + ": connection.modbus";
        if (!(device.connection().get("modbus") instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(at + ": expected a map {host, port, unit, interval_ms, timeout_ms}");
        }
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) throw new IllegalArgumentException(at + "." + k + ": unknown key; accepted: " + KEYS);
        }
        if (!(m.get("host") instanceof String host) || host.isBlank()) throw new IllegalArgumentException(at + ".host is required");
        int port = intIn(m, "port", 502, 1, 65535, at);
        int unit = intIn(m, "unit", 1, 0, 255, at);
        int interval = intIn(m, "interval_ms", config.intervalMs(), 10, Integer.MAX_VALUE, at);
        int timeout = intIn(m, "timeout_ms", config.timeoutMs(), 1, 600_000, at);
        RegisterMap map = RegisterMap.of(profile, config.planOptions());
        return new ModbusTarget(device, profile, map, host, port, unit, interval, timeout);
    }

    /** "host:port", the key of the shared TCP connection. */
    public String endpoint() {
        return host + ":" + port;
    }

    private static int intIn(Map<?, ?> m, String key, int fallback, int min, int max, String at) {
        Object v = m.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
            throw new IllegalArgumentException(at + "." + key + ": expected a whole number from " + min + " to " + max + ", got " + v);
        }
        return n.intValue();
    }
}
