package dev.vigil.sim.vehicle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every reading the simulator produces, in every scenario, passes the shipped hazmat-vehicle profile. */
class VehicleProfileTest {

    @Test
    void readingsOfEveryScenarioValidate() throws Exception {
        DeviceProfile profile = ProfileLoader.loadFile(Path.of("..", "device-profiles", "profiles", "hazmat-vehicle.yaml"));
        Device device = new Device("veh-001", profile.name(), "wuhai-chem", "wuhai-wuda", Map.of(), null, Map.of());
        TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
        ObjectMapper json = new ObjectMapper();
        long now = System.currentTimeMillis();
        for (Scenario scenario : Scenario.values()) {
            VehicleModel m = new VehicleModel("veh-001", scenario, 60, 1, 3);
            int n = 0;
            for (int i = 0; i < 2 * 720; i++) { // two hours, one reading per 5 s
                m.advance(5);
                Map<String, Object> r = m.reading(now - (2 * 720 - i) * 5000L);
                List<Telemetry> t = decoder.decode(device, profile, json.readTree(json.writeValueAsBytes(r)), now, "coap");
                assertEquals(r.get("speed"), t.get(0).value("speed"), scenario + " reading " + i);
                n++;
            }
            assertEquals(1440, n);
        }
    }
}
