package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.alerts.AlertTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Closed alerts the engine no longer keeps in memory ({@code recent_closed: 0}) are answered from
 * the events stored in InfluxDB: the list with its filters and one alert with its events.
 */
@InfluxTest
class AlertHistoryTest {

    private static List<String> ids(TestGateway gw, String query) throws Exception {
        return new JsonObject(get(gw, query).body()).getJsonArray("alerts").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void closedAlertsComeBackFromInfluxDb(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        writeRules(rules, "elevator-test.yaml", TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rules.toString(), null)
                .withAlerts(GatewayConfig.Alerts.defaults().withRecentClosed(0), null);
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-5501", "elevator"), base)) {
            long t0 = System.currentTimeMillis() - 600_000;
            String id = "elv-5501/test-trapped/" + (t0 + 20_000);
            MqttAsyncClient c = connect(gw, "elv-5501");
            elevator(c, "elv-5501", t0, true, "closed", true, false);
            elevator(c, "elv-5501", t0 + 20_000, true, "closed", true, false);
            await(10, "the open alert", () -> {
                try {
                    return ids(gw, "/api/alerts?state=open").contains(id);
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(200, post(gw, "/api/alerts/" + id + "/ack", "{\"user\": \"zhao\", \"comment\": \"ok\"}").statusCode());
            elevator(c, "elv-5501", t0 + 35_000, false, "open", true, false);
            c.disconnect().waitForCompletion(5_000);
            await(10, "the closed alert from InfluxDB", () -> {
                try {
                    return ids(gw, "/api/alerts?state=closed").contains(id);
                } catch (Exception e) {
                    return false;
                }
            });
            JsonObject a = new JsonObject(get(gw, "/api/alerts?state=closed&device=elv-5501").body())
                    .getJsonArray("alerts").getJsonObject(0);
            assertEquals("closed", a.getString("state"));
            assertEquals("orange", a.getString("level"));
            assertEquals(t0 + 20_000, a.getLong("raised_at"));
            assertEquals(t0 + 35_000, a.getLong("cleared_at"));
            assertEquals("zhao", a.getJsonObject("acknowledged").getString("by"));
            assertEquals("ok", a.getJsonObject("acknowledged").getString("comment"));
            assertEquals(List.of(id), ids(gw, "/api/alerts?level=orange&region=wuhai-haibowan&rule=test-trapped"));
            assertEquals(List.of(), ids(gw, "/api/alerts?level=red"));
            assertEquals(List.of(), ids(gw, "/api/alerts?state=open"));
            assertEquals(List.of(), ids(gw, "/api/alerts?from=" + (t0 + 35_001)));
            assertEquals(List.of(id), ids(gw, "/api/alerts?from=" + (t0 + 35_000)));
            assertEquals(List.of(), ids(gw, "/api/alerts?to=" + (t0 + 19_999)));

            JsonObject one = new JsonObject(get(gw, "/api/alerts/" + id).body());
            // in time order: rule events carry their reading's time (10 minutes back), the acknowledgement the wall clock
            assertEquals(List.of("raised", "cleared", "acknowledged"), one.getJsonArray("events").stream()
                    .map(o -> ((JsonObject) o).getString("kind")).toList());
            assertEquals(404, get(gw, "/api/alerts/elv-5501/test-trapped/" + (t0 + 1)).statusCode());
            // an alert that is not in memory cannot be acknowledged again
            assertEquals(404, post(gw, "/api/alerts/" + id + "/ack", "{\"user\": \"zhao\"}").statusCode());
        }
    }
}
