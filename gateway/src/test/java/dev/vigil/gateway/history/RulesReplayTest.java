package dev.vigil.gateway.history;

import dev.vigil.gateway.cli.VigilCli;
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
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.vigil.gateway.history.HistoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Candidate rules replayed over stored CEMS readings, through the API and the CLI: a threshold at
 * 30 mg/m³ raises at the first of three readings at 40 and clears at the next 20; the stored alert
 * (raised by a rule at 35) is listed beside it.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesReplayTest {
    static final long T0 = ms("2026-04-01T08:00:00+08:00");
    static final String RULES = """
            scope: {profile: emission-cems}
            rules:
              - id: so2-candidate
                version: 1
                name: {zh: 二氧化硫试行阈值, en: SO2 candidate threshold}
                kind: expression
                when: 'so2 > 30.0'
                level: yellow
            """;
    private TestGateway gw;
    private Path dir;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.dir = dir;
        gw = HistoryFixture.start(dir, db);
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            l.append("emission-cems,device=cems-001 so2=").append(i >= 10 && i < 13 ? 40 : 20).append(",data_flag=\"N\" ")
                    .append(T0 + i * 60_000L).append('\n');
        }
        l.append("alert_events,device=cems-001,profile=emission-cems,rule=so2-live,level=yellow,kind=RAISED alert_id=\"cems-001/so2-live/")
                .append(T0 + 600_000).append("\",rule_version=1i,message=\"live\",evidence=\"{}\" ").append(T0 + 600_000).append('\n');
        db.writeLines(l.toString());
        Files.writeString(dir.resolve("vigil.yaml"), "profiles: " + TestGateway.profilesWithoutRules() + "\nregistry: "
                + dir.resolve("devices.yaml") + "\ninflux:\n  url: " + db.url() + "\n  database: " + db.name() + "\n");
        Files.writeString(dir.resolve("candidate.yaml"), RULES);
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private HttpResponse<String> post(JsonObject body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + "/api/v1/rules/replay"))
                .header("Authorization", dev.vigil.gateway.support.TestGateway.ADMIN_AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void candidateRulesOverStoredHistoryThroughTheApi() throws Exception {
        HttpResponse<String> r = post(new JsonObject().put("rules", RULES).put("device", "cems-001")
                .put("from", "2026-04-01T08:00:00+08:00").put("to", T0 + 3_600_000));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject res = new JsonObject(r.body());
        assertEquals(20, res.getLong("readings"));
        JsonArray c = res.getJsonArray("candidate");
        assertEquals(2, c.size(), c.encode());
        assertEquals("raised", c.getJsonObject(0).getString("kind"));
        assertEquals("yellow", c.getJsonObject(0).getString("level"));
        assertEquals("so2-candidate", c.getJsonObject(0).getString("rule"));
        assertEquals("2026-04-01T08:10:00.000+08:00", c.getJsonObject(0).getString("ts"));
        assertEquals("cleared", c.getJsonObject(1).getString("kind"));
        assertEquals("2026-04-01T08:13:00.000+08:00", c.getJsonObject(1).getString("ts"));
        assertEquals(1, res.getJsonObject("summary").getInteger("candidate_raised"));
        assertEquals(1, res.getJsonObject("summary").getInteger("actual_raised"));
        assertEquals("so2-live", res.getJsonArray("actual").getJsonObject(0).getString("rule"));

        HttpResponse<String> broken = post(new JsonObject().put("rules", "rules:\n  - id: x\n    kind: nonsense\n").put("device", "cems-001")
                .put("from", T0));
        assertEquals(400, broken.statusCode());
        assertEquals("rules", new JsonObject(broken.body()).getString("field"));
        assertEquals(404, post(new JsonObject().put("rules", RULES).put("device", "cems-404").put("from", T0)).statusCode());
        assertEquals("from", new JsonObject(post(new JsonObject().put("rules", RULES).put("profile", "emission-cems")).body()).getString("field"));
    }

    /** Geofence rules see the gateway's zones: a tanker parked inside the restricted city centre for 3 min. */
    @Test
    void geofenceCandidatesSeeTheGatewaysZones(InfluxDatabase db) throws Exception {
        long t0 = ms("2026-04-02T08:00:00+08:00");
        StringBuilder l = new StringBuilder();
        for (int i = 0; i <= 6; i++) {
            l.append("hazmat-vehicle,device=veh-0001 lat=39.69,lon=106.82,speed=0.0,acc=true ").append(t0 + i * 30_000L).append('\n');
        }
        db.writeLines(l.toString());
        String rules = """
                scope: {profile: hazmat-vehicle}
                rules:
                  - id: restricted-candidate
                    version: 1
                    name: {zh: 禁行区试行, en: Restricted area candidate}
                    kind: geofence
                    inside: {kind: restricted}
                    level: orange
                    dwell: 60s
                """;
        HttpResponse<String> r = post(new JsonObject().put("rules", rules).put("device", "veh-0001")
                .put("from", t0).put("to", t0 + 600_000));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject res = new JsonObject(r.body());
        assertEquals(7, res.getLong("readings"));
        JsonArray c = res.getJsonArray("candidate");
        assertEquals(1, c.size(), c.encode());
        assertEquals("raised", c.getJsonObject(0).getString("kind"));
        assertEquals("orange", c.getJsonObject(0).getString("level"));
        assertEquals("restricted-candidate", c.getJsonObject(0).getString("rule"));
    }

    @Test
    void theCliPrintsTheSameReplay() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new VigilCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("rules", "replay", "-c", dir.resolve("vigil.yaml").toString(), "--rules", dir.resolve("candidate.yaml").toString(),
                "--profile", "emission-cems", "--from", Long.toString(T0), "--to", Long.toString(T0 + 3_600_000));
        assertEquals(0, code, out + " " + err);
        String text = out.toString();
        assertTrue(text.contains("  2026-04-01T08:10:00.000+08:00  RAISED  yellow  cems-001  so2-candidate  "), text);
        assertTrue(text.contains("  2026-04-01T08:13:00.000+08:00  CLEARED  yellow  cems-001  so2-candidate  "), text);
        assertTrue(text.contains("  2026-04-01T08:10:00.000+08:00  RAISED  yellow  so2-live  live"), text);
        assertTrue(text.endsWith("20 readings replayed; candidate rules raise 1 alerts, 1 were raised\n"), text);
    }
}
