package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.alerts.AlertTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules engine inside the gateway, end to end: a real Paho client publishes an elevator's
 * trapped-passenger sequence through the MQTT endpoint, the alert arrives on SSE and WebSocket
 * with its exact level, rule and time, is acknowledged over HTTP, clears when the door opens, and
 * every event is stored in the real InfluxDB. Reading times ({@code ts}) simulate the 20 s hold;
 * they lie 10 minutes back, further than the engine's max gap, so the wall-clock tick cannot
 * mature the duration and every transition happens on a reading.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsApiTest {
    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        Path rules = dir.resolve("rules");
        writeRules(rules, "elevator-test.yaml", TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rules.toString(), null);
        gw = TestGateway.start(dir, db, Map.of("elv-1101", "elevator", "elv-1102", "elevator"), base);
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void trappedPassengerIsRaisedStreamedAcknowledgedClearedAndStored() throws Exception {
        long t0 = System.currentTimeMillis() - 600_000;
        try (Stream sse = sse(gw, "?rule=test-trapped&device=elv-1101");
             Stream ws = webSocket(gw, "?rule=test-trapped&device=elv-1101");
             Stream red = sse(gw, "?rule=test-trapped&level=red");
             Stream other = sse(gw, "?rule=test-trapped&device=elv-1102")) {
            MqttAsyncClient c = connect(gw, "elv-1101");
            elevator(c, "elv-1101", t0, true, "closed", true, false);
            elevator(c, "elv-1101", t0 + 10_000, true, "closed", true, false);
            elevator(c, "elv-1101", t0 + 19_999, true, "closed", true, false);
            elevator(c, "elv-1101", t0 + 20_000, true, "closed", true, false);
            String id = "elv-1101/test-trapped/" + (t0 + 20_000);
            for (Stream s : List.of(sse, ws)) {
                JsonObject e = s.next(10);
                assertNotNull(e, "RAISED on the stream");
                assertEquals("raised", e.getString("kind"));
                assertEquals("orange", e.getString("level"));
                assertEquals("橙色预警", e.getJsonObject("level_label").getString("zh"));
                assertEquals("Orange warning", e.getJsonObject("level_label").getString("en"));
                assertEquals("test-trapped", e.getString("rule"));
                assertEquals(3, e.getInteger("rule_version"));
                assertEquals(t0 + 20_000, e.getLong("time"));
                assertEquals(id, e.getString("alert_id"));
                assertEquals("elv-1101", e.getString("device"));
                assertEquals("elevator", e.getString("profile"));
                assertEquals("wuhai-haibowan", e.getString("region"));
                assertEquals(t0, e.getJsonObject("evidence").getLong("since"));
                assertTrue(e.getString("message").startsWith("[橙色预警] 平层困人 / [orange] Passenger trapped at a landing"),
                        e.getString("message"));
            }

            // the list: open, with labels
            JsonObject list = new JsonObject(get(gw, "/api/alerts?state=open&device=elv-1101").body());
            assertEquals(1, list.getInteger("count"));
            JsonObject a = list.getJsonArray("alerts").getJsonObject(0);
            assertEquals(id, a.getString("id"));
            assertEquals("open", a.getString("state"));
            assertEquals("orange", a.getString("level"));
            assertEquals(t0 + 20_000, a.getLong("raised_at"));
            assertNull(a.getValue("cleared_at"));
            assertNull(a.getValue("acknowledged"));

            // acknowledgement: refused with a user that is not a string, 404 for an unknown id, then accepted once
            HttpResponse<String> bad = post(gw, "/api/alerts/" + id + "/ack", "{\"user\": 7, \"comment\": \"on my way\"}");
            assertEquals(400, bad.statusCode());
            assertEquals("field 'user' must be a string (who acknowledges; a logged-in user is always itself)",
                    new JsonObject(bad.body()).getString("error"));
            HttpResponse<String> notJson = post(gw, "/api/alerts/" + id + "/ack", "user=zhang");
            assertEquals(400, notJson.statusCode());
            HttpResponse<String> unknown = post(gw, "/api/alerts/elv-1101/test-trapped/1/ack", "{\"user\": \"zhang\"}");
            assertEquals(404, unknown.statusCode());
            assertEquals("no alert 'elv-1101/test-trapped/1' (not open and not recently closed)",
                    new JsonObject(unknown.body()).getString("error"));
            long before = System.currentTimeMillis();
            HttpResponse<String> ok = post(gw, "/api/alerts/" + enc(id) + "/ack",
                    "{\"user\": \"张伟 zhang.wei\", \"comment\": \"维保人员已出发 / technician dispatched\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            JsonObject ack = new JsonObject(ok.body()).getJsonObject("acknowledged");
            assertEquals("张伟 zhang.wei", ack.getString("by"));
            assertEquals("维保人员已出发 / technician dispatched", ack.getString("comment"));
            assertTrue(ack.getLong("at") >= before && ack.getLong("at") <= System.currentTimeMillis());
            HttpResponse<String> again = post(gw, "/api/alerts/" + id + "/ack", "{\"user\": \"li\"}");
            assertEquals(409, again.statusCode());
            assertTrue(new JsonObject(again.body()).getString("error").startsWith(
                    "alert '" + id + "' was already acknowledged by 张伟 zhang.wei at "), again.body());
            for (Stream s : List.of(sse, ws)) {
                JsonObject e = s.next(10);
                assertEquals("acknowledged", e.getString("kind"));
                assertEquals("张伟 zhang.wei", e.getString("actor"));
                assertEquals("维保人员已出发 / technician dispatched", e.getString("comment"));
            }

            // the door opens: cleared at that reading's time
            elevator(c, "elv-1101", t0 + 30_000, true, "open", true, false);
            for (Stream s : List.of(sse, ws)) {
                JsonObject e = s.next(10);
                assertEquals("cleared", e.getString("kind"));
                assertEquals(id, e.getString("alert_id"));
                assertEquals(t0 + 30_000, e.getLong("time"));
                assertEquals("orange", e.getString("level"));
            }
            c.disconnect().waitForCompletion(5_000);

            // one alert with its three events
            JsonObject one = new JsonObject(get(gw, "/api/alerts/" + id).body());
            assertEquals("closed", one.getString("state"));
            assertEquals(t0 + 30_000, one.getLong("cleared_at"));
            assertEquals("张伟 zhang.wei", one.getJsonObject("acknowledged").getString("by"));
            JsonArray events = one.getJsonArray("events");
            assertEquals(List.of("raised", "acknowledged", "cleared"),
                    events.stream().map(o -> ((JsonObject) o).getString("kind")).toList());
            assertEquals(404, get(gw, "/api/alerts/elv-1101/nothing/5").statusCode());

            // stored in InfluxDB with tags and fields
            await(10, "three alert events in InfluxDB", () ->
                    db.query("SELECT * FROM alert_events WHERE device = 'elv-1101'").series().stream()
                            .mapToInt(QueryResult.Series::size).sum() == 3);
            QueryResult.Series stored = db.query("SELECT * FROM alert_events WHERE device = 'elv-1101'").single();
            Map<String, Object> raised = stored.row(0);
            assertEquals("RAISED", raised.get("kind"));
            assertEquals(t0 + 20_000, ((Number) raised.get("time")).longValue());
            assertEquals(id, raised.get("alert_id"));
            assertEquals("orange", raised.get("level"));
            assertEquals("test-trapped", raised.get("rule"));
            assertEquals("elevator", raised.get("profile"));
            assertEquals("测试企业 Test Co., Ltd", raised.get("enterprise"));
            assertEquals(3L, ((Number) raised.get("rule_version")).longValue());
            assertEquals(t0, new JsonObject((String) raised.get("evidence")).getLong("since"));
            Map<String, Object> acked = stored.rows().stream().filter(r -> "ACKNOWLEDGED".equals(r.get("kind"))).findFirst().orElseThrow();
            assertEquals("张伟 zhang.wei", acked.get("actor"));
            assertEquals("维保人员已出发 / technician dispatched", acked.get("comment"));
            Map<String, Object> cleared = stored.rows().stream().filter(r -> "CLEARED".equals(r.get("kind"))).findFirst().orElseThrow();
            assertEquals(t0 + 30_000, ((Number) cleared.get("time")).longValue());

            // the streams filtered to another level or device saw nothing
            assertNull(red.next(0));
            assertNull(other.next(0));
        }
    }

    @Test
    void listFiltersAndRefusals() throws Exception {
        long t0 = System.currentTimeMillis() - 900_000;
        MqttAsyncClient c = connect(gw, "elv-1102");
        elevator(c, "elv-1102", t0, true, "closed", true, false);
        elevator(c, "elv-1102", t0 + 25_000, true, "closed", true, false);
        String id = "elv-1102/test-trapped/" + (t0 + 25_000);
        await(10, "the alert of elv-1102", () -> {
            try {
                return get(gw, "/api/alerts?device=elv-1102").body().contains(id);
            } catch (Exception e) {
                return false;
            }
        });
        c.disconnect().waitForCompletion(5_000);
        assertEquals(List.of(id), ids("/api/alerts?device=elv-1102&level=orange,red&state=open"));
        assertEquals(List.of(id), ids("/api/alerts?device=elv-1102&min_level=yellow"));
        assertEquals(List.of(), ids("/api/alerts?device=elv-1102&level=red"));
        assertEquals(List.of(), ids("/api/alerts?device=elv-1102&state=closed"));
        assertEquals(List.of(id), ids("/api/alerts?device=elv-1102&region=wuhai-haibowan&profile=elevator"
                + "&enterprise=" + enc("测试企业 Test Co., Ltd")));
        assertEquals(List.of(), ids("/api/alerts?device=elv-1102&region=elsewhere"));
        assertEquals(List.of(), ids("/api/alerts?device=elv-1102&profile=power-transformer"));
        assertEquals(List.of(id), ids("/api/alerts?device=elv-1102&from=" + (t0 + 25_000)));
        assertEquals(List.of(), ids("/api/alerts?device=elv-1102&to=" + (t0 + 24_999)));
        assertEquals(List.of(id), ids("/api/alerts?device=elv-1102&to="
                + enc(java.time.Instant.ofEpochMilli(t0 + 25_000).toString())));

        assertError("/api/alerts?level=purple", "level must be blue, yellow, orange or red, got 'purple'");
        assertError("/api/alerts?state=pending", "state must be open, closed or all, got 'pending'");
        assertError("/api/alerts?from=yesterday",
                "from must be epoch milliseconds or ISO-8601 (2026-11-27T08:00:00Z), got 'yesterday'");
        assertError("/api/alerts?from=2000&to=1000", "from (2000) is after to (1000)");
        assertError("/api/alerts?colour=red", "unknown query parameter 'colour'; accepted: "
                + "[device, enterprise, from, level, limit, min_level, profile, region, rule, state, to]");
        assertError("/api/alerts/stream?level=pink", "level must be blue, yellow, orange or red, got 'pink'");

        JsonObject rules = new JsonObject(get(gw, "/api/rules").body());
        assertTrue(rules.getBoolean("last_reload_ok"));
        JsonObject rule = rules.getJsonArray("rules").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals("test-trapped")).findFirst().orElseThrow();
        assertEquals("expression", rule.getString("kind"));
        assertEquals(3, rule.getInteger("version"));
        assertEquals(new JsonArray().add("orange"), rule.getJsonArray("levels"));
    }

    private List<String> ids(String query) throws Exception {
        HttpResponse<String> r = get(gw, query);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("alerts").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    private void assertError(String query, String message) throws Exception {
        HttpResponse<String> r = get(gw, query);
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertEquals(message, new JsonObject(r.body()).getString("error"));
    }
}
