package dev.vigil.gateway.history;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.history.HistoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /api/v1/alerts/{id}/episode}: a stored trapped-passenger alert replayed with its rule, readings and events. */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpisodeApiTest {
    static final long T0 = ms("2026-03-01T08:00:00+08:00");
    static final String ID = "elv-0001/test-trapped/" + (T0 + 20_000);
    private TestGateway gw;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("elevator-test.yaml"), """
                scope: {profile: elevator}
                rules:
                  - id: test-trapped
                    version: 3
                    name: {zh: 平层困人, en: Passenger trapped at a landing}
                    kind: expression
                    when: 'occupied && door == "closed" && in_door_zone && !running'
                    level: orange
                    for: 20s
                    clear_when: 'door != "closed" || !occupied'
                """);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rules.toString(), null);
        gw = TestGateway.start(dir, db, Map.of("elv-0001", "elevator", "cems-001", "emission-cems"), base);
        StringBuilder l = new StringBuilder();
        for (int i = 0; i <= 9; i++) {
            String door = i < 9 ? "closed" : "open";
            l.append("elevator,device=elv-0001 floor=3i,door=\"").append(door).append("\",occupied=true,in_door_zone=true,running=false ")
                    .append(T0 + i * 10_000L).append('\n');
        }
        String tags = "alert_events,device=elv-0001,profile=elevator,region=wuhai-haibowan,rule=test-trapped,level=orange,kind=";
        l.append(tags).append("RAISED alert_id=\"").append(ID).append("\",rule_version=3i,message=\"trapped\",evidence=\"{\\\"floor\\\":3}\" ")
                .append(T0 + 20_000).append('\n');
        l.append(tags).append("CLEARED alert_id=\"").append(ID).append("\",rule_version=3i,message=\"released\",evidence=\"{}\",previous=\"orange\" ")
                .append(T0 + 90_000).append('\n');
        db.writeLines(l.toString());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void episodeHoldsTheAlertItsRuleReadingsAndEvents() throws Exception {
        HttpResponse<String> r = get(gw, "/api/v1/alerts/" + enc(ID) + "/episode?before=1m&after=30s");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject ep = new JsonObject(r.body());
        assertEquals(ID, ep.getJsonObject("alert").getString("id"));
        assertEquals("closed", ep.getJsonObject("alert").getString("state"));
        assertEquals(2, ep.getJsonObject("alert").getJsonArray("events").size());
        JsonObject rule = ep.getJsonObject("rule");
        assertEquals("test-trapped", rule.getString("id"));
        assertEquals(3, rule.getInteger("version"));
        assertTrue(rule.getBoolean("version_matches"));
        JsonObject level = rule.getJsonArray("levels").getJsonObject(0);
        assertEquals("orange", level.getString("level"));
        assertEquals("occupied && door == \"closed\" && in_door_zone && !running", level.getString("condition"));
        assertEquals(20_000L, level.getLong("for_ms"));
        assertEquals(List.of("occupied", "door", "in_door_zone", "running", "floor"), ep.getJsonArray("fields").getList());
        assertEquals("2026-03-01T07:59:20.000+08:00", ep.getJsonObject("window").getString("from"));
        assertEquals("2026-03-01T08:02:00.000+08:00", ep.getJsonObject("window").getString("to"));
        JsonObject readings = ep.getJsonObject("readings");
        assertEquals(10, readings.getJsonArray("ts").size());
        assertEquals(3, readings.getJsonArray("floor").getInteger(0));
        JsonArray events = ep.getJsonArray("events");
        List<String> kinds = events.stream().map(o -> {
            JsonObject e = (JsonObject) o;
            return "alert".equals(e.getString("type")) ? e.getString("kind") : e.getString("field") + "=" + e.getValue("to");
        }).toList();
        assertEquals(List.of("in_door_zone=true", "door=closed", "occupied=true", "running=false", "raised", "cleared", "door=open"), kinds);

        assertEquals(404, get(gw, "/api/v1/alerts/" + enc("elv-0001/test-trapped/1") + "/episode").statusCode());
        HttpResponse<String> bad = get(gw, "/api/v1/alerts/" + enc(ID) + "/episode?before=forever");
        assertEquals(400, bad.statusCode());
        assertEquals("before", new JsonObject(bad.body()).getString("field"));
    }
}
