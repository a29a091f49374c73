package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.alerts.AlertTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real restart of the gateway against the same InfluxDB with an alert open: the second gateway
 * restores the alert (same id, acknowledgement kept), raises no duplicate while the passenger is
 * still trapped, and clears the restored alert when the door opens.
 */
@InfluxTest
class AlertRestartTest {

    private static int count(InfluxDatabase db, String device, String kind) {
        QueryResult r = db.query("SELECT * FROM alert_events WHERE device = '" + device + "' AND kind = '" + kind + "'");
        return r.series().stream().mapToInt(QueryResult.Series::size).sum();
    }

    @Test
    void openAlertSurvivesRestartWithoutDuplicateAndClearsAfterwards(InfluxDatabase db, @TempDir Path dir) throws Exception {
        restartWithOpenAlert(db, dir, "elv-2201", System.currentTimeMillis() - 600_000, null);
    }

    /** An alert raised before the restore window (restore_ms: one day, raised 2 days ago) is still restored. */
    @Test
    void alertOpenLongerThanTheRestoreWindowIsRestoredToo(InfluxDatabase db, @TempDir Path dir) throws Exception {
        restartWithOpenAlert(db, dir, "elv-2202", System.currentTimeMillis() - 2 * 86_400_000L,
                GatewayConfig.Alerts.defaults().withTiming(1000, 2000, 86_400_000L));
    }

    /**
     * A device that sends once and then never again: its last-seen time is stored, and after a
     * restart (with no further reading) the offline rule still fires for it.
     */
    @Test
    void silentDeviceGoesOfflineAfterRestart(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        writeRules(rules, "elevator-offline.yaml", """
                scope: {profile: elevator}
                rules:
                  - id: test-offline
                    version: 2
                    name: {zh: 终端离线, en: Terminal offline}
                    kind: offline
                    level: blue
                    after: 180s
                """);
        GatewayConfig.Alerts noTicks = GatewayConfig.Alerts.defaults().withTiming(3_600_000L, 2000, 2_592_000_000L);
        GatewayConfig.Alerts fastTicks = GatewayConfig.Alerts.defaults().withTiming(100L, 2000, 2_592_000_000L);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rules.toString(), null);
        Map<String, String> devices = Map.of("elv-2203", "elevator");
        long seen = System.currentTimeMillis() - 600_000;
        // the first gateway hears the device once and stops before any tick
        try (TestGateway first = TestGateway.start(dir, db, devices, base.withAlerts(noTicks, null))) {
            MqttAsyncClient c = connect(first, "elv-2203");
            elevator(c, "elv-2203", seen, false, "closed", true, false);
            c.disconnect().waitForCompletion(5_000);
        }
        assertEquals(0, count(db, "elv-2203", "RAISED"));
        long restarted = System.currentTimeMillis();
        try (TestGateway second = TestGateway.start(dir, db, devices, base.withAlerts(fastTicks, null))) {
            await(10, "the offline alert", () -> {
                try {
                    return new JsonObject(get(second, "/api/alerts?rule=test-offline&state=open").body()).getInteger("count") == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonObject a = new JsonObject(get(second, "/api/alerts?rule=test-offline").body()).getJsonArray("alerts").getJsonObject(0);
            assertEquals("elv-2203", a.getString("device"));
            assertEquals("blue", a.getString("level"));
            assertEquals("蓝色预警", a.getJsonObject("level_label").getString("zh"));
            assertEquals(seen, a.getJsonObject("evidence").getLong("last_seen"));
            assertTrue(a.getLong("raised_at") >= restarted, "raised by a tick of the second gateway");
        }
    }

    private void restartWithOpenAlert(InfluxDatabase db, Path dir, String device, long t0, GatewayConfig.Alerts alerts)
            throws Exception {
        Path rules = dir.resolve("rules");
        writeRules(rules, "elevator-test.yaml", TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rules.toString(), null)
                .withAlerts(alerts, null);
        Map<String, String> devices = Map.of(device, "elevator");
        String id = device + "/test-trapped/" + (t0 + 20_000);

        try (TestGateway first = TestGateway.start(dir, db, devices, base);
             Stream sse = sse(first, "?rule=test-trapped")) {
            MqttAsyncClient c = connect(first, device);
            elevator(c, device, t0, true, "closed", true, false);
            elevator(c, device, t0 + 20_000, true, "closed", true, false);
            JsonObject raised = sse.next(10);
            assertEquals("raised", raised.getString("kind"));
            assertEquals(id, raised.getString("alert_id"));
            assertEquals(200, post(first, "/api/alerts/" + id + "/ack", "{\"user\": \"wang\", \"comment\": \"seen\"}").statusCode());
            assertEquals("acknowledged", sse.next(10).getString("kind"));
            c.disconnect().waitForCompletion(5_000);
        }
        // stop() flushed the events and the last-seen time
        assertEquals(1, count(db, device, "RAISED"));
        assertEquals(1, count(db, device, "ACKNOWLEDGED"));
        QueryResult.Series seen = db.query("SELECT * FROM device_last_seen WHERE device = '" + device + "'").single();
        assertEquals(t0 + 20_000, ((Number) seen.row(seen.size() - 1).get("seen")).longValue());

        try (TestGateway second = TestGateway.start(dir, db, devices, base);
             Stream sse = sse(second, "?rule=test-trapped")) {
            JsonObject list = new JsonObject(get(second, "/api/alerts?state=open&device=" + device + "").body());
            assertEquals(1, list.getInteger("count"));
            JsonObject a = list.getJsonArray("alerts").getJsonObject(0);
            assertEquals(id, a.getString("id"));
            assertEquals("orange", a.getString("level"));
            assertEquals(t0 + 20_000, a.getLong("raised_at"));
            assertEquals("wang", a.getJsonObject("acknowledged").getString("by"));
            assertEquals(List.of("raised", "acknowledged"), new JsonObject(get(second, "/api/alerts/" + id).body())
                    .getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("kind")).toList());

            MqttAsyncClient c = connect(second, device);
            // still trapped, well past the 20 s hold: no second RAISED
            elevator(c, device, t0 + 40_000, true, "closed", true, false);
            elevator(c, device, t0 + 45_000, true, "closed", true, false);
            // the door opens: the restored alert clears
            elevator(c, device, t0 + 50_000, true, "open", true, false);
            JsonObject cleared = sse.next(10);
            assertEquals("cleared", cleared.getString("kind"));
            assertEquals(id, cleared.getString("alert_id"));
            assertEquals(t0 + 50_000, cleared.getLong("time"));
            assertNull(sse.next(1), "nothing after the clear");
            c.disconnect().waitForCompletion(5_000);
            assertEquals(0, new JsonObject(get(second, "/api/alerts?state=open&device=" + device + "").body()).getInteger("count"));
        }
        assertEquals(1, count(db, device, "RAISED"));
        assertEquals(1, count(db, device, "CLEARED"));
    }
}
