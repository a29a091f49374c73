package dev.vigil.gateway.modbus;

import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.gateway.support.TestPipeline;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Profiles, devices, a poller over the real pipeline and a status recorder for the Modbus poller tests. */
final class ModbusTestSupport {
    static final List<String> FLAGS = List.of("N", "F", "M", "S", "D", "C", "T", "B");
    static final Path PROFILES = Path.of("..", "device-profiles", "profiles");
    static final Path MODBUS_SECTIONS = PROFILES.resolve("modbus");

    private ModbusTestSupport() {}

    static FieldSpec number(String name, double min, double max) {
        return new FieldSpec(name, FieldType.NUMBER, "", min, max, List.of(), 0, name, name);
    }

    /**
     * The emission-cems fields (DOMAIN.md) with the committed modbus section. The fields are
     * restated here because the profile loader is not on this branch; the modbus section is the real one.
     */
    static DeviceProfile cems() {
        List<FieldSpec> f = new ArrayList<>(List.of(number("so2", 0, 5000), number("nox", 0, 5000),
                number("particulate", 0, 1000), number("o2", 0, 25), number("flue_velocity", 0, 60),
                number("flue_temperature", -20, 400), number("flue_pressure", -20, 20), number("humidity", 0, 100),
                number("flow", 0, 100000)));
        f.add(new FieldSpec("data_flag", FieldType.ENUM, "", null, null, FLAGS, 0, "数据标记", "data flag"));
        return profile("emission-cems", f, modbusSource("emission-cems"));
    }

    /** The power-transformer fields (DOMAIN.md) with the committed modbus section. */
    static DeviceProfile transformer() {
        return profile("power-transformer", List.of(number("top_oil_temperature", -40, 150),
                number("winding_temperature", -40, 200), number("load_current", 0, 10000),
                number("partial_discharge_tev", -20, 100), number("h2", 0, 10000), number("c2h2", 0, 1000),
                number("total_hydrocarbons", 0, 10000)), modbusSource("power-transformer"));
    }

    /** The profile file once the modbus section is merged into it, else the separate section file. */
    private static Path modbusSource(String profile) {
        Path full = PROFILES.resolve(profile + ".yaml");
        try {
            if (Files.exists(full) && Files.readAllLines(full).stream().anyMatch(l -> l.startsWith("modbus:"))) return full;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MODBUS_SECTIONS.resolve(profile + ".modbus.yaml");
    }

    @SuppressWarnings("unchecked")
    static DeviceProfile profile(String name, List<FieldSpec> fields, Path modbusFile) {
        try {
            Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(modbusFile));
            return new DeviceProfile(name, 1, name, name, fields, Map.of("modbus", doc.get("modbus")), modbusFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A profile from inline YAML (fields are all numbers 0..1000 unless an enum is asked for). */
    @SuppressWarnings("unchecked")
    static DeviceProfile inline(String name, List<FieldSpec> fields, String modbusYaml) {
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(modbusYaml);
        return new DeviceProfile(name, 1, name, name, fields, Map.of("modbus", doc.get("modbus")), null);
    }

    static Device device(String id, DeviceProfile profile, int port, int unit, int intervalMs, int timeoutMs) {
        return new Device(id, profile.name(), "ent-1", "region-1", Map.of(), null,
                Map.of("modbus", Map.of("host", "127.0.0.1", "port", port, "unit", unit,
                        "interval_ms", intervalMs, "timeout_ms", timeoutMs)));
    }

    /** Waits for a condition, failing with the message after the timeout. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofMillis(timeoutMs)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }

    /** A poller of these devices handing its readings to the real pipeline, which stores into {@code sink}. */
    static ModbusPoller poller(Vertx vertx, List<Device> devices, Map<String, DeviceProfile> profiles, RecordingSink sink,
                               ModbusConfig config, DeviceStatusListener listener) {
        DeviceRegistry registry = new DeviceRegistry("", devices, profiles);
        return new ModbusPoller(registry, TestPipeline.over(vertx, registry, sink), config, listener);
    }

    /** Records offline/online events. */
    static final class RecordingListener implements DeviceStatusListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onOffline(String deviceId, long time, String reason) {
            events.add("offline " + deviceId + ": " + reason);
        }

        @Override
        public void onOnline(String deviceId, long time) {
            events.add("online " + deviceId);
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }
}
