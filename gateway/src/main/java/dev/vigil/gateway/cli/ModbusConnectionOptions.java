package dev.vigil.gateway.cli;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.modbus.RegisterMap;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code --modbus-*} options of {@code vigil device add}: where the gateway polls a Modbus TCP
 * device, checked and turned into the registry's {@code connection.modbus} map.
 */
final class ModbusConnectionOptions {
    /** Poll intervals below this are refused by the poller too. */
    static final int MIN_INTERVAL_MS = 10;
    static final int MAX_TIMEOUT_MS = 600_000;

    @Option(names = "--modbus-host", paramLabel = "HOST",
            description = "Poll the device over Modbus TCP at this host name or address (the device or its serial gateway);"
                    + " the profile needs a register map (modbus: section)")
    String host;

    @Option(names = "--modbus-port", paramLabel = "PORT", description = "Modbus TCP port, 1-65535 (default 502)")
    Integer port;

    @Option(names = "--modbus-unit", paramLabel = "UNIT", description = "Modbus unit id (slave address), 1-247 (default 1)")
    Integer unit;

    @Option(names = "--modbus-interval-ms", paramLabel = "MS",
            description = "Poll interval in milliseconds, at least " + MIN_INTERVAL_MS + " (default: the gateway's modbus.interval_ms)")
    Integer intervalMs;

    @Option(names = "--modbus-timeout-ms", paramLabel = "MS",
            description = "Response timeout of one request in milliseconds, 1-" + MAX_TIMEOUT_MS + " (default: the gateway's modbus.timeout_ms)")
    Integer timeoutMs;

    /**
     * The device's {@code connection} map: empty without {@code --modbus-host}, else
     * {@code {modbus: {host, port, unit[, interval_ms][, timeout_ms]}}}.
     *
     * @param profiles every known profile, to name those that can be polled
     * @throws IllegalArgumentException naming the option, the value and what is accepted
     */
    Map<String, Object> connection(DeviceProfile profile, Map<String, DeviceProfile> profiles) {
        if (host == null) {
            String stray = port != null ? "--modbus-port" : unit != null ? "--modbus-unit"
                    : intervalMs != null ? "--modbus-interval-ms" : timeoutMs != null ? "--modbus-timeout-ms" : null;
            if (stray != null) throw new IllegalArgumentException(stray + " needs --modbus-host HOST (the address the gateway polls)");
            return Map.of();
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("--modbus-host '" + host + "': expected a host name or IP address");
        }
        if (!RegisterMap.declaredBy(profile)) {
            String pollable = profiles.values().stream().filter(RegisterMap::declaredBy).map(DeviceProfile::name)
                    .sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException("--modbus-host: profile " + profile.name()
                    + " has no register map (modbus: section), so it cannot be polled"
                    + (pollable.isEmpty() ? "" : "; profiles with one: " + pollable));
        }
        Map<String, Object> modbus = new LinkedHashMap<>();
        modbus.put("host", host);
        modbus.put("port", checked("--modbus-port", port, 502, 1, 65535, "a TCP port from 1 to 65535"));
        modbus.put("unit", checked("--modbus-unit", unit, 1, 1, 247, "a Modbus unit id from 1 to 247"));
        if (intervalMs != null) {
            modbus.put("interval_ms", checked("--modbus-interval-ms", intervalMs, 0, MIN_INTERVAL_MS, Integer.MAX_VALUE,
                    "a poll interval of at least " + MIN_INTERVAL_MS + " ms"));
        }
        if (timeoutMs != null) {
            modbus.put("timeout_ms", checked("--modbus-timeout-ms", timeoutMs, 0, 1, MAX_TIMEOUT_MS,
                    "a response timeout from 1 to " + MAX_TIMEOUT_MS + " ms"));
        }
        return Map.of("modbus", modbus);
    }

    /** One line saying how the device is polled, for the command's output. */
    static String describe(Map<String, Object> connection) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) connection.get("modbus");
        return "Modbus TCP: polled at " + m.get("host") + ":" + m.get("port") + " unit " + m.get("unit")
                + (m.containsKey("interval_ms") ? " every " + m.get("interval_ms") + " ms" : " at the gateway's modbus.interval_ms");
    }

    private static int checked(String option, Integer value, int fallback, int min, int max, String accepted) {
        if (value == null) return fallback;
        if (value < min || value > max) throw new IllegalArgumentException(option + " " + value + ": expected " + accepted);
        return value;
    }
}
