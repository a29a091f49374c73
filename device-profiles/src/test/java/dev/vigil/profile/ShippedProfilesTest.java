package dev.vigil.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShippedProfilesTest {
    static final Path DIR = Path.of("profiles");

    @Test
    void allFourLoadWithoutProblems() {
        ProfileLoader.Result r = ProfileLoader.check(List.of(DIR));
        assertEquals(List.of(), r.problems().stream().map(Problem::toString).toList());
        assertEquals(List.of("elevator", "emission-cems", "hazmat-vehicle", "power-transformer"), List.copyOf(r.profiles().keySet()));
    }

    @Test
    void elevatorHasTheDomainFields() {
        DeviceProfile p = ProfileLoader.loadFile(DIR.resolve("elevator.yaml"));
        assertEquals(List.of("floor", "direction", "in_door_zone", "door", "occupied", "speed", "running", "service_mode",
                "power", "safety_circuit", "fault_code"), p.fields().stream().map(FieldSpec::name).toList());
        assertEquals(1, p.version());
        assertEquals("电梯", p.labelZh());
        assertEquals("Elevator", p.labelEn());
        FieldSpec floor = p.field("floor");
        assertEquals(FieldType.INTEGER, floor.type());
        assertEquals(-5.0, floor.min());
        assertEquals(100.0, floor.max());
        assertEquals("楼层", floor.labelZh());
        FieldSpec speed = p.field("speed");
        assertEquals("m/s", speed.unit());
        assertEquals("[0, 20]", speed.rangeText());
        assertEquals(List.of("closed", "open", "closing", "opening"), p.field("door").values());
        assertEquals(List.of("normal", "inspection", "maintenance", "fire", "emergency_power"), p.field("service_mode").values());
        Map<String, ParameterSpec> params = ParameterSpec.of(p);
        assertEquals(1.75, params.get("rated_speed").defaultValue());
        assertEquals(60L, params.get("heartbeat_seconds").defaultValue());
        assertEquals(p.source(), DIR.resolve("elevator.yaml"));
    }

    @Test
    void cemsFieldsCarryHj212Codes() {
        DeviceProfile p = ProfileLoader.loadFile(DIR.resolve("emission-cems.yaml"));
        assertEquals(List.of("so2", "nox", "particulate", "o2", "flue_velocity", "flue_temperature", "flue_pressure",
                "humidity", "flow", "co", "data_flag", "so2_flag", "nox_flag", "co_flag", "particulate_flag", "o2_flag",
                "flue_velocity_flag", "flue_temperature_flag", "flue_pressure_flag", "humidity_flag", "flow_flag", "period"),
                p.fields().stream().map(FieldSpec::name).toList());
        assertEquals("a21026", p.field("so2").code());
        assertEquals("a21002", p.field("nox").code());
        assertEquals("a34013", p.field("particulate").code());
        assertEquals("a19001", p.field("o2").code());
        assertEquals("a00000", p.field("flow").code());
        assertNull(p.field("data_flag").code());
        assertEquals(List.of("N", "F", "M", "S", "D", "C", "T", "B"), p.field("data_flag").values());
        assertEquals("mg/m³", p.field("so2").unit());
        Map<String, ParameterSpec> params = ParameterSpec.of(p);
        assertEquals(35.0, params.get("so2_limit").defaultValue());
        assertEquals(50.0, params.get("nox_limit").defaultValue());
        assertEquals(10.0, params.get("particulate_limit").defaultValue());
        assertEquals(6.0, params.get("o2_reference").defaultValue());
        dev.vigil.profile.hj212.Hj212Mapping hj = dev.vigil.profile.hj212.Hj212Mapping.of(p);
        assertEquals(new dev.vigil.profile.hj212.Hj212Mapping.Target("so2", "so2_flag"), hj.codes().get("a21026"));
        assertEquals(new dev.vigil.profile.hj212.Hj212Mapping.Target("so2", "so2_flag"), hj.codes().get("02"));
        assertEquals(new dev.vigil.profile.hj212.Hj212Mapping.Target("o2", "o2_flag"), hj.codes().get("S01"));
        assertEquals(20, hj.codes().size());
        assertEquals("data_flag", hj.readingFlag());
        assertEquals("period", hj.periodField());
    }

    @Test
    void vehicleAndTransformerFields() {
        DeviceProfile v = ProfileLoader.loadFile(DIR.resolve("hazmat-vehicle.yaml"));
        assertEquals(List.of("lat", "lon", "speed", "heading", "altitude", "gnss_fix", "acc", "lock", "tank_pressure",
                "tank_temperature", "mileage", "alarm_emergency", "alarm_overspeed", "alarm_fatigue", "alarm_low_voltage",
                "alarm_power_lost", "alarm_collision", "alarm_rollover", "alarm_door_opened", "alarm_bits"), v.fields().stream().map(FieldSpec::name).toList());
        assertEquals("[-90, 90]", v.field("lat").rangeText());
        assertEquals("[0, 250]", v.field("speed").rangeText());
        assertEquals("km/h", v.field("speed").unit());
        assertEquals(List.of("locked", "unlocked", "tampered"), v.field("lock").values());
        DeviceProfile t = ProfileLoader.loadFile(DIR.resolve("power-transformer.yaml"));
        assertEquals(List.of("top_oil_temperature", "winding_temperature", "load_current", "load_pu", "partial_discharge_tev",
                "h2", "c2h2", "total_hydrocarbons", "cooling"), t.fields().stream().map(FieldSpec::name).toList());
        assertEquals(List.of("ONAN", "ONAF", "OFAF"), t.field("cooling").values());
        Map<String, ParameterSpec> params = ParameterSpec.of(t);
        assertEquals("ONAN", params.get("cooling").defaultValue());
        assertNull(params.get("rated_current").defaultValue());
        assertEquals("A", params.get("rated_current").spec().unit());
    }

    @Test
    void everyFieldHasBothLabels() {
        for (DeviceProfile p : ProfileLoader.loadDirectory(DIR).values()) {
            for (FieldSpec f : p.fields()) {
                assertTrue(!f.labelZh().isBlank() && !f.labelEn().isBlank(), p.name() + "." + f.name());
                assertTrue(!f.numeric() || (f.min() != null && f.max() != null), p.name() + "." + f.name() + " needs a range");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void otherSectionsAreKeptAsPlainJava() {
        DeviceProfile elevator = ProfileLoader.loadFile(DIR.resolve("elevator.yaml"));
        assertEquals(List.of("parameters", "rules"), List.copyOf(elevator.sections().keySet()));
        Map<String, Object> first = ((List<Map<String, Object>>) elevator.sections().get("rules")).get(0);
        assertEquals("trapped-at-level", first.get("id"));
        assertEquals("expression", first.get("kind"));
        assertEquals(11, elevator.fields().size());

        DeviceProfile cems = ProfileLoader.loadFile(DIR.resolve("emission-cems.yaml"));
        assertEquals(List.of("parameters", "hj212", "modbus", "rules", "quality"), List.copyOf(cems.sections().keySet()));
        Map<String, Object> so2 = ((List<Map<String, Object>>) ((Map<String, Object>) cems.sections().get("modbus"))
                .get("registers")).get(0);
        assertEquals(Map.of("field", "so2", "table", "holding_register", "address", 0, "type", "float32", "order", "ABCD"), so2);
    }

    @Test
    void rulesFilesInTheDirectoryAreSkipped(@TempDir Path tmp) throws Exception {
        Files.copy(DIR.resolve("elevator.yaml"), tmp.resolve("elevator.yaml"));
        Files.writeString(tmp.resolve("elevator.rules.yaml"), "rules: []\n");
        Files.writeString(tmp.resolve("notes.txt"), "not a profile\n");
        assertEquals(List.of("elevator"), List.copyOf(ProfileLoader.loadDirectory(tmp).keySet()));
    }
}
