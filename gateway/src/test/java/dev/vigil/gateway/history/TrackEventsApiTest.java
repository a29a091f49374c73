package dev.vigil.gateway.history;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.vigil.gateway.history.HistoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Track simplification keeps stops, lock changes and alert points; the events timeline merges
 * field changes with alert lifecycle entries; the device list shows last readings and states.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackEventsApiTest {
    static final long T0 = ms("2026-03-01T08:00:00+08:00");
    static final int N = 1080; // three hours at one report per 10 s
    private TestGateway gw;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        gw = HistoryFixture.start(dir, db);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < N; i++) {
            double speed = i >= 300 && i < 360 ? 0 : 50 + i % 5;
            String lock = i >= 500 && i < 510 ? "unlocked" : "locked";
            lines.append("hazmat-vehicle,device=veh-0001 lat=").append(39.6 + i * 1e-4).append(",lon=").append(106.8 + i * 1e-4)
                    .append(",speed=").append(speed).append(",heading=90i,lock=\"").append(lock).append("\" ").append(t(i)).append('\n');
        }
        // an alert raised 5 s after point 700 and cleared at point 800 (stored as the rules verticle stores them)
        lines.append("alert_events,device=veh-0001,rule=test-lock,level=red,kind=RAISED alert_id=\"veh-0001/test-lock/")
                .append(t(700) + 5000).append("\",rule_version=1i,message=\"lock opened\",evidence=\"{}\" ").append(t(700) + 5000).append('\n');
        lines.append("alert_events,device=veh-0001,rule=test-lock,level=red,kind=CLEARED alert_id=\"veh-0001/test-lock/")
                .append(t(700) + 5000).append("\",rule_version=1i,message=\"lock closed\",evidence=\"{}\" ").append(t(800)).append('\n');
        // an elevator: door opens and closes, running toggles, one trapped-passenger alert in between
        long e0 = T0;
        lines.append("elevator,device=elv-0001 door=\"closed\",running=true,floor=3i ").append(e0 - 60_000).append('\n');
        lines.append("elevator,device=elv-0001 door=\"closed\",running=false,floor=3i ").append(e0 + 10_000).append('\n');
        lines.append("elevator,device=elv-0001 door=\"closed\",running=false,floor=3i ").append(e0 + 20_000).append('\n');
        lines.append("alert_events,device=elv-0001,rule=trapped,level=orange,kind=RAISED alert_id=\"elv-0001/trapped/")
                .append(e0 + 30_000).append("\",rule_version=3i,message=\"trapped\",evidence=\"{}\" ").append(e0 + 30_000).append('\n');
        lines.append("elevator,device=elv-0001 door=\"open\",running=false,floor=3i ").append(e0 + 90_000).append('\n');
        lines.append("alert_events,device=elv-0001,rule=trapped,level=orange,kind=CLEARED alert_id=\"elv-0001/trapped/")
                .append(e0 + 30_000).append("\",rule_version=3i,message=\"released\",evidence=\"{}\" ").append(e0 + 90_000).append('\n');
        // a step of its disposal case: the case timeline's, not the device's events
        lines.append("alert_events,device=elv-0001,rule=trapped,level=orange,kind=TRANSITION alert_id=\"elv-0001/trapped/")
                .append(e0 + 30_000).append("\",rule_version=3i,actor=\"reg\",case_from=\"raised\",case_to=\"received\" ")
                .append(e0 + 40_000).append('\n');
        db.writeLines(lines.toString());
    }

    static long t(int i) {
        return T0 + i * 10_000L;
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void simplifiedTrackKeepsStopsLockChangesAndAlertPoints() throws Exception {
        HttpResponse<String> r = get(gw, "/api/v1/devices/veh-0001/track?time_format=ms&max_points=100&from=" + T0 + "&to=" + t(N - 1));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject tr = new JsonObject(r.body());
        assertTrue(tr.getBoolean("simplified"));
        assertEquals(N, tr.getLong("raw_points"));
        List<Long> ts = new ArrayList<>();
        for (Object o : tr.getJsonArray("ts")) ts.add(((Number) o).longValue());
        assertTrue(ts.size() <= 100 + 12 && ts.size() >= 90, "points: " + ts.size());
        // both ends of the stop, with their neighbours
        for (int i : new int[]{299, 300, 359, 360, 499, 500, 509, 510, 700, 701, 799, 800, 0, N - 1}) {
            assertTrue(ts.contains(t(i)), "point " + i + " kept");
        }
        int stopStart = ts.indexOf(t(300));
        assertEquals(0.0, tr.getJsonArray("speed").getDouble(stopStart));
        assertEquals("unlocked", tr.getJsonArray("lock").getString(ts.indexOf(t(500))));
        assertEquals("locked", tr.getJsonArray("lock").getString(ts.indexOf(t(510))));
        assertEquals(39.6 + 500 * 1e-4, tr.getJsonArray("lat").getDouble(ts.indexOf(t(500))), 1e-9);
        for (int i = 1; i < ts.size(); i++) assertTrue(ts.get(i) > ts.get(i - 1), "time order");

        JsonObject full = new JsonObject(get(gw, "/api/v1/devices/veh-0001/track?max_points=2000&from=" + T0 + "&to=" + t(N - 1)).body());
        assertFalse(full.getBoolean("simplified"));
        assertEquals(N, full.getJsonArray("ts").size());
        assertEquals("2026-03-01T08:00:00.000+08:00", full.getJsonArray("ts").getString(0));

        HttpResponse<String> noPosition = get(gw, "/api/v1/devices/elv-0001/track");
        assertEquals(400, noPosition.statusCode());
        assertEquals("id", new JsonObject(noPosition.body()).getString("field"));
    }

    @Test
    void eventsMergeFieldChangesAndAlertLifecycleInTimeOrder() throws Exception {
        HttpResponse<String> r = get(gw, "/api/v1/devices/elv-0001/events?from=" + T0 + "&to=" + (T0 + 3_600_000));
        assertEquals(200, r.statusCode(), r.body());
        JsonArray ev = new JsonObject(r.body()).getJsonArray("events");
        List<String> seen = new ArrayList<>();
        for (Object o : ev) {
            JsonObject e = (JsonObject) o;
            seen.add(e.getString("ts").substring(11, 19) + " " + ("alert".equals(e.getString("type"))
                    ? e.getString("kind") + " " + e.getString("level")
                    : e.getString("field") + " " + e.getValue("from") + "->" + e.getValue("to")));
        }
        assertEquals(List.of("08:00:10 running true->false", "08:00:30 raised orange", "08:01:30 cleared orange",
                "08:01:30 door closed->open"), seen);
        JsonObject change = ev.getJsonObject(0);
        assertEquals("运行", change.getJsonObject("label").getString("zh").substring(0, 2));
        JsonObject limited = new JsonObject(get(gw, "/api/v1/devices/elv-0001/events?limit=2&from=" + T0 + "&to=" + (T0 + 3_600_000)).body());
        assertEquals(2, limited.getInteger("count"));
        assertTrue(limited.getBoolean("truncated"));
    }

    @Test
    void deviceListShowsLastReadingAndState() throws Exception {
        JsonObject d = new JsonObject(get(gw, "/api/v1/devices").body());
        assertEquals(3, d.getInteger("count"));
        JsonObject veh = d.getJsonArray("devices").getJsonObject(2);
        assertEquals("veh-0001", veh.getString("id"));
        assertEquals("hazmat-vehicle", veh.getString("profile"));
        assertEquals("wuhai-haibowan", veh.getString("region"));
        assertEquals("测试企业 Test Co., Ltd", veh.getString("enterprise"));
        assertEquals("2026-03-01T10:59:50.000+08:00", veh.getString("last_seen"));
        assertEquals("offline", veh.getString("state"));
        assertEquals(0, veh.getInteger("open_alerts"));
        JsonObject cems = d.getJsonArray("devices").getJsonObject(0);
        assertNull(cems.getValue("last_seen"));
        assertEquals("never", cems.getString("state"));
        JsonObject vehicles = new JsonObject(get(gw, "/api/v1/devices?profile=hazmat-vehicle&state=offline").body());
        assertEquals(1, vehicles.getInteger("count"));
        assertEquals(400, get(gw, "/api/v1/devices?profile=ship").statusCode());
        assertEquals(400, get(gw, "/api/v1/devices?state=sleeping").statusCode());
        HttpResponse<String> doc = get(gw, "/api/v1/openapi.yaml");
        assertEquals(200, doc.statusCode());
        assertTrue(doc.body().startsWith("openapi: 3.0.3"), doc.body().substring(0, 40));
        HttpResponse<String> region = get(gw, "/api/v1/devices?region=nowhere");
        assertEquals(400, region.statusCode());
        assertEquals("region: no device of region 'nowhere'; known: [wuhai-haibowan]", new JsonObject(region.body()).getString("error"));
    }
}
