package dev.vigil.gateway.history;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.history.HistoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CSV export (BOM, header with labels and units, local times, the evidence record with the SHA-256
 * of the bytes sent) and injection attempts through every parameter: each answers 4xx and leaves
 * the database exactly as it was.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportAndInjectionTest {
    static final long T0 = ms("2026-02-01T00:00:00+08:00");
    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = HistoryFixture.start(dir, db);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            lines.append("emission-cems,device=cems-001 so2=").append(20 + i).append(",nox=31.5,data_flag=\"").append(i == 2 ? "M" : "N")
                    .append("\" ").append(T0 + i * 60_000L).append('\n');
        }
        lines.append("hazmat-vehicle,device=veh-0001 lat=39.6,lon=106.8,speed=0,lock=\"locked\" ").append(T0).append('\n');
        db.writeLines(lines.toString());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void exportIsUtf8WithBomLocalTimesLabelledHeaderAndRecorded() throws Exception {
        HttpResponse<byte[]> r = getBytes(gw, "/api/v1/export.csv?device=cems-001&fields=so2,data_flag&from=" + T0
                + "&to=" + (T0 + 3_600_000), enc("张伟").replace("+", "%20") + "%20(inspector)");
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        byte[] b = r.body();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(b[0], b[1], b[2]));
        String csv = new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        assertEquals("时间 Time,设备 Device,二氧化硫 SO2 (mg/m³) [so2],数据标记 Data flag [data_flag]\r\n"
                + "2026-02-01T00:00:00.000+08:00,cems-001,20,N\r\n"
                + "2026-02-01T00:01:00.000+08:00,cems-001,21,N\r\n"
                + "2026-02-01T00:02:00.000+08:00,cems-001,22,M\r\n"
                + "2026-02-01T00:03:00.000+08:00,cems-001,23,N\r\n"
                + "2026-02-01T00:04:00.000+08:00,cems-001,24,N\r\n", csv);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        await("the export record", 10_000, () -> !db.query("SELECT * FROM evidence_exports WHERE sha256 = '" + sha + "'").isEmpty());
        Map<String, Object> rec = db.query("SELECT * FROM evidence_exports WHERE sha256 = '" + sha + "'").single().row(0);
        assertEquals("张伟 (inspector)", rec.get("user"));
        assertEquals(5L, rec.get("rows"));
        assertEquals((long) b.length, rec.get("bytes"));
        assertEquals(T0, rec.get("from"));
        assertEquals("profile=emission-cems device=cems-001 fields=so2,data_flag", rec.get("what"));

        HttpResponse<byte[]> byProfile = getBytes(gw, "/api/v1/export.csv?profile=hazmat-vehicle&fields=lat,lock&from=" + T0
                + "&to=" + (T0 + 1000), null);
        assertEquals("时间 Time,设备 Device,纬度 Latitude (°) [lat],电子铅封 E-lock [lock]\r\n2026-02-01T00:00:00.000+08:00,veh-0001,39.6,locked\r\n",
                new String(byProfile.body(), 3, byProfile.body().length - 3, StandardCharsets.UTF_8));
        HttpResponse<String> mixed = get(gw, "/api/v1/export.csv?region=wuhai-haibowan");
        assertEquals(400, mixed.statusCode());
        assertEquals("profile", new JsonObject(mixed.body()).getString("field"));
        assertEquals(400, get(gw, "/api/v1/export.csv").statusCode());
    }

    static final List<String> NASTY = List.of(
            "cems-001'; DROP MEASUREMENT \"emission-cems\"; --",
            "so2\"; DROP DATABASE x; --",
            "' OR '1'='1",
            "cems-001\\' OR 1=1 --",
            "so2\nDROP SERIES FROM \"emission-cems\"",
            "so2;SELECT * INTO \"copy\" FROM \"emission-cems\"",
            "二氧化硫\u202e\u0000",
            "1h) ; DROP MEASUREMENT alert_events; --",
            "\\\\\\");

    @Test
    void injectionThroughEveryParameterIsRefusedAndChangesNothing() throws Exception {
        String before = snapshot();
        long range = T0 + 3_600_000;
        for (String bad : NASTY) {
            String e = enc(bad);
            for (String path : List.of(
                    "/api/v1/devices/" + e + "/series",
                    "/api/v1/devices/" + e + "/track",
                    "/api/v1/devices/" + e + "/events",
                    "/api/v1/devices/cems-001/series?fields=" + e,
                    "/api/v1/devices/cems-001/series?from=" + e,
                    "/api/v1/devices/cems-001/series?to=" + e,
                    "/api/v1/devices/cems-001/series?max_points=" + e,
                    "/api/v1/devices/cems-001/series?agg=" + e,
                    "/api/v1/devices/cems-001/series?interval=" + e,
                    "/api/v1/devices/cems-001/series?time_format=" + e,
                    "/api/v1/devices/cems-001/series?" + e + "=1",
                    "/api/v1/devices/veh-0001/track?from=" + e,
                    "/api/v1/devices/veh-0001/track?max_points=" + e,
                    "/api/v1/devices/elv-0001/events?to=" + e,
                    "/api/v1/devices/elv-0001/events?limit=" + e,
                    "/api/v1/devices?profile=" + e,
                    "/api/v1/devices?enterprise=" + e,
                    "/api/v1/devices?region=" + e,
                    "/api/v1/devices?state=" + e,
                    "/api/v1/export.csv?device=" + e,
                    "/api/v1/export.csv?profile=" + e,
                    "/api/v1/export.csv?enterprise=" + e,
                    "/api/v1/export.csv?region=" + e,
                    "/api/v1/export.csv?device=cems-001&fields=" + e,
                    "/api/v1/export.csv?device=cems-001&from=" + e + "&to=" + range)) {
                HttpResponse<String> r = get(gw, path);
                assertTrue(r.statusCode() == 400 || r.statusCode() == 404, path + " -> " + r.statusCode() + " " + r.body());
                JsonObject err = new JsonObject(r.body());
                assertTrue(err.getString("error") != null && !err.getString("error").isBlank(), r.body());
            }
        }
        assertEquals(before, snapshot());
    }

    /** Databases, measurements, series and point counts: what an injected statement would change. */
    private String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (String q : List.of("SHOW DATABASES", "SHOW MEASUREMENTS", "SHOW SERIES", "SELECT count(*) FROM \"emission-cems\"",
                "SELECT count(*) FROM \"hazmat-vehicle\"")) {
            QueryResult r = db.query(q);
            for (QueryResult.Series s : r.series()) {
                if (!"evidence_exports".equals(s.name())) sb.append(q).append(": ").append(s.values()).append('\n');
            }
        }
        return sb.toString().replaceAll("evidence_exports[^\\],]*[\\],]", "");
    }
}
