package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.rulehost.RulesVerticle;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.vigil.gateway.alerts.AlertTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several rule contexts behave as one engine: eight elevators hashed onto four contexts raise
 * their alerts, the list, the rule status and acknowledgement see them all, and a restart with
 * three contexts (devices hashed differently) restores every open alert with its acknowledgement.
 */
@InfluxTest
class RuleContextsTest {

    @Test
    void alertsOfDevicesOnDifferentContextsAreOneViewAndSurviveARestartWithAnotherCount(InfluxDatabase db, @TempDir Path dir)
            throws Exception {
        Path rules = dir.resolve("rules");
        writeRules(rules, "elevator-test.yaml", TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rules.toString(), null);
        Map<String, String> devices = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) devices.put("elv-31" + i, "elevator");
        Set<Integer> used = new HashSet<>();
        for (String d : devices.keySet()) used.add(RulesVerticle.shardOf(d, 4));
        assertTrue(used.size() >= 3, "the devices spread over the contexts: " + used);
        long t0 = System.currentTimeMillis() - 600_000;
        Set<String> ids = new TreeSet<>();
        for (String d : devices.keySet()) ids.add(d + "/test-trapped/" + (t0 + 20_000));

        GatewayConfig four = base.withAlerts(GatewayConfig.Alerts.defaults().withRuleContexts(4, 1000, 200), null);
        try (TestGateway gw = TestGateway.start(dir, db, devices, four);
             Stream sse = sse(gw, "?rule=test-trapped")) {
            for (String d : devices.keySet()) {
                MqttAsyncClient c = connect(gw, d);
                elevator(c, d, t0, true, "closed", true, false);
                elevator(c, d, t0 + 20_000, true, "closed", true, false);
                c.disconnect().waitForCompletion(5_000);
            }
            Set<String> streamed = new TreeSet<>();
            for (int i = 0; i < devices.size(); i++) streamed.add(sse.next(10).getString("alert_id"));
            assertEquals(ids, streamed);
            assertEquals(new ArrayList<>(ids), sortedIds(gw, "/api/alerts?state=open&rule=test-trapped"));
            JsonObject status = new JsonObject(get(gw, "/api/rules").body());
            assertEquals(8, status.getInteger("open_alerts"));
            assertEquals(4, status.getInteger("rule_contexts"));
            for (String id : ids) {
                HttpResponse<String> ok = post(gw, "/api/alerts/" + id + "/ack", "{\"user\": \"zhang\"}");
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals(409, post(gw, "/api/alerts/" + id + "/ack", "{\"user\": \"li\"}").statusCode());
                JsonObject one = new JsonObject(get(gw, "/api/alerts/" + id).body());
                assertEquals(List.of("raised", "acknowledged"),
                        one.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("kind")).toList());
            }
            assertEquals(404, post(gw, "/api/alerts/elv-310/test-trapped/1/ack", "{\"user\": \"zhang\"}").statusCode());
            await(10, "16 alert events stored", () -> count(db, "RAISED") == 8 && count(db, "ACKNOWLEDGED") == 8);
        }

        GatewayConfig three = base.withAlerts(GatewayConfig.Alerts.defaults().withRuleContexts(3, 1000, 200), null);
        try (TestGateway gw = TestGateway.start(dir, db, devices, three)) {
            JsonArray open = new JsonObject(get(gw, "/api/alerts?state=open&rule=test-trapped").body()).getJsonArray("alerts");
            assertEquals(8, open.size());
            for (Object o : open) assertEquals("zhang", ((JsonObject) o).getJsonObject("acknowledged").getString("by"));
            assertEquals(8, new JsonObject(get(gw, "/api/rules").body()).getInteger("open_alerts"));
            // the condition still holds: no duplicate; the door opens: each clears on its new context
            for (String d : devices.keySet()) {
                MqttAsyncClient c = connect(gw, d);
                elevator(c, d, t0 + 25_000, true, "closed", true, false);
                elevator(c, d, t0 + 30_000, true, "open", true, false);
                c.disconnect().waitForCompletion(5_000);
            }
            await(10, "every alert cleared", () -> count(db, "CLEARED") == 8);
            assertEquals(8, count(db, "RAISED"));
            assertEquals(List.of(), sortedIds(gw, "/api/alerts?state=open&rule=test-trapped"));
        }
    }

    private static long count(InfluxDatabase db, String kind) {
        return db.query("SELECT * FROM alert_events WHERE kind = '" + kind + "'").series().stream()
                .mapToLong(dev.vigil.testkit.QueryResult.Series::size).sum();
    }

    private static List<String> sortedIds(TestGateway gw, String query) throws Exception {
        JsonArray a = new JsonObject(get(gw, query).body()).getJsonArray("alerts");
        List<String> out = new ArrayList<>();
        for (Object o : a) out.add(((JsonObject) o).getString("id"));
        out.sort(null);
        return out;
    }
}
