package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.vigil.gateway.alerts.AlertTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot reload of rule files in a running gateway: a broken change is refused with its
 * {@code file:line: message} on {@code GET /api/rules} while the previous rules keep raising
 * alerts; a good change takes effect without a restart.
 */
@InfluxTest
class RulesHotReloadTest {

    private static JsonObject rules(TestGateway gw) {
        try {
            return new JsonObject(get(gw, "/api/rules").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject rule(JsonObject status, String id) {
        return status.getJsonArray("rules").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals(id)).findFirst().orElse(null);
    }

    @Test
    void brokenFileIsRefusedAndTheLastGoodRulesKeepRunning(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Path rulesDir = dir.resolve("rules");
        Path file = writeRules(rulesDir, "elevator-test.yaml", TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rulesDir.toString(), null)
                .withAlerts(GatewayConfig.Alerts.defaults().withTiming(1000, 100L, 2_592_000_000L), null);
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-3301", "elevator", "elv-3302", "elevator"), base);
             Stream sse = sse(gw, "?level=orange,red")) {
            assertEquals(3, rule(rules(gw), "test-trapped").getInteger("version"));

            // line 8 ("when") refers to a field the elevator profile does not have
            String broken = TRAPPED_RULES.replace("version: 3", "version: 4")
                    .replace("in_door_zone && !running'", "in_door_zone && !runing'");
            writeRules(rulesDir, "elevator-test.yaml", broken);
            await(10, "the refused reload", () -> !rules(gw).getBoolean("last_reload_ok"));
            JsonObject status = rules(gw);
            JsonArray problems = status.getJsonArray("problems");
            assertEquals(1, problems.size(), problems.encode());
            String problem = problems.getString(0);
            assertTrue(problem.startsWith(file + ":8: "), problem);
            assertTrue(problem.contains("runing"), problem);
            assertEquals(3, rule(status, "test-trapped").getInteger("version"), "old rule still loaded");
            assertEquals(1, status.getInteger("refused_reloads"));

            // the old rule still raises
            long t0 = System.currentTimeMillis() - 600_000;
            MqttAsyncClient c = connect(gw, "elv-3301");
            elevator(c, "elv-3301", t0, true, "closed", true, false);
            elevator(c, "elv-3301", t0 + 20_000, true, "closed", true, false);
            JsonObject raised = sse.next(10);
            assertEquals("raised", raised.getString("kind"));
            assertEquals("test-trapped", raised.getString("rule"));
            assertEquals(3, raised.getInteger("rule_version"));
            c.disconnect().waitForCompletion(5_000);

            // a good change: red after 5 s, version 5
            writeRules(rulesDir, "elevator-test.yaml", TRAPPED_RULES.replace("version: 3", "version: 5")
                    .replace("level: orange", "level: red").replace("for: 20s", "for: 5s"));
            await(10, "the accepted reload", () -> {
                JsonObject s = rules(gw);
                return s.getBoolean("last_reload_ok") && rule(s, "test-trapped").getInteger("version") == 5;
            });
            assertEquals(0, rules(gw).getJsonArray("problems").size());
            MqttAsyncClient c2 = connect(gw, "elv-3302");
            elevator(c2, "elv-3302", t0, true, "closed", true, false);
            elevator(c2, "elv-3302", t0 + 5_000, true, "closed", true, false);
            JsonObject e;
            do {
                e = sse.next(10);
            } while (e != null && !"elv-3302".equals(e.getString("device")));
            assertEquals("raised", e.getString("kind"));
            assertEquals("red", e.getString("level"));
            assertEquals(5, e.getInteger("rule_version"));
            assertEquals(t0 + 5_000, e.getLong("time"));
            assertFalse(rules(gw).getJsonArray("rule_files").isEmpty());
            c2.disconnect().waitForCompletion(5_000);
        }
    }
}
