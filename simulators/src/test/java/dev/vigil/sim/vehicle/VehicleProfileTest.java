package dev.vigil.sim.vehicle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reading the simulator produces, in every scenario, passes the shipped hazmat-vehicle
 * profile with each value intact.
 */
class VehicleProfileTest {

    @Test
    void readingsOfEveryScenarioValidateWithEveryValueIntact() throws Exception {
        DeviceProfile profile = ProfileLoader.loadFile(Path.of("..", "device-profiles", "profiles", "hazmat-vehicle.yaml"));
        Device device = new Device("veh-001", profile.name(), "wuhai-chem", "wuhai-wuda", Map.of(), null, Map.of());
        TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
        ObjectMapper json = new ObjectMapper();
        long now = System.currentTimeMillis();
        for (Scenario scenario : Scenario.values()) {
            VehicleModel m = new VehicleModel("veh-001", scenario, 60, 1, 3);
            int withoutFix = 0;
            for (int i = 0; i < 2 * 720; i++) { // two hours, one reading per 5 s
                m.advance(5);
                Map<String, Object> r = m.reading(now - (2 * 720 - i) * 5000L);
                List<Telemetry> t = decoder.decode(device, profile, json.readTree(json.writeValueAsBytes(r)), now, "coap");
                assertEquals(1, t.size());
                assertEquals(r.get("ts"), t.get(0).time(), scenario + " reading " + i);
                assertEquals(expected(profile, r), t.get(0).asMap(), scenario + " reading " + i);
                if (Boolean.FALSE.equals(r.get("gnss_fix"))) withoutFix++;
            }
            if (scenario == Scenario.GNSS_LOSS) {
                assertTrue(withoutFix > 0, "the GNSS loss scenario sends readings without a fix");
            } else if (scenario == Scenario.NORMAL) {
                assertEquals(0, withoutFix, "a normal trip keeps its fix");
            }
        }
    }

    /** The simulator's values as the profile types them (integers as Long, numbers as Double), without ts. */
    private static Map<String, Object> expected(DeviceProfile profile, Map<String, Object> reading) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var f : profile.fields()) {
            Object v = reading.get(f.name());
            if (v == null) continue;
            if (v instanceof Number n) v = f.type() == FieldType.INTEGER ? (Object) n.longValue() : (Object) n.doubleValue();
            out.put(f.name(), v);
        }
        assertEquals(reading.size() - 1, out.size(), "every field the simulator sends is in the profile: " + reading.keySet());
        return out;
    }
}
