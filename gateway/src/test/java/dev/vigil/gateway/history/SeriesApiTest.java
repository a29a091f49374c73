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
import java.util.List;

import static dev.vigil.gateway.history.HistoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /api/v1/devices/{id}/series} against a real influxd: raw points with local ISO times, M4
 * keeping a one-minute spike in a month of minute data that a mean hides, calendar buckets aligned
 * to Asia/Shanghai midnight, and the errors naming their parameter.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeriesApiTest {
    static final long MONTH_START = ms("2025-06-01T00:00:00+08:00");
    static final long SPIKE = MONTH_START + 17 * 86_400_000L + 13 * 3_600_000L + 7 * 60_000L;
    static final long DENSE_START = ms("2025-08-01T00:00:00+08:00");
    private TestGateway gw;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) {
        try {
            gw = start0(db, dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestGateway start0(InfluxDatabase db, Path dir) throws Exception {
        TestGateway gw = HistoryFixture.start(dir, db);
        // 30 days of one reading per minute (43 200), SO2 19.5-20.5 mg/m³ and one minute at 180
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30 * 1440; i++) {
            long t = MONTH_START + i * 60_000L;
            double so2 = t == SPIKE ? 180.0 : 20.0 + ((i % 11) - 5) / 10.0;
            lines.append("emission-cems,device=cems-001 so2=").append(so2).append(",nox=30.5 ").append(t).append('\n');
            if (lines.length() > 1_000_000) {
                db.writeLines(lines.toString());
                lines.setLength(0);
            }
        }
        // calendar buckets: 23:30 and 00:30 local lie in one UTC day but in two local days
        lines.append("emission-cems,device=cems-001 so2=10 ").append(ms("2026-01-01T23:30:00+08:00")).append('\n');
        lines.append("emission-cems,device=cems-001 so2=30 ").append(ms("2026-01-02T00:30:00+08:00")).append('\n');
        lines.append("emission-cems,device=cems-001 so2=50 ").append(ms("2026-01-02T01:30:00+08:00")).append('\n');
        db.writeLines(lines.toString());
        lines.setLength(0);
        // 120 000 NOx readings at 1 Hz: more than the raw limit
        for (int i = 0; i < 120_000; i++) {
            lines.append("emission-cems,device=cems-001 nox=").append(25 + i % 7).append(' ').append(DENSE_START + i * 1000L).append('\n');
            if (lines.length() > 1_000_000) {
                db.writeLines(lines.toString());
                lines.setLength(0);
            }
        }
        db.writeLines(lines.toString());
        return gw;
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private JsonObject ok(String path) throws Exception {
        HttpResponse<String> r = get(gw, path);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    @Test
    void fewPointsComeRawWithLocalTimes() throws Exception {
        JsonObject s = ok("/api/v1/devices/cems-001/series?fields=so2,nox&from=" + enc("2025-06-01T00:00:00+08:00")
                + "&to=" + enc("2025-06-01T00:02:00+08:00"));
        assertEquals("raw", s.getString("agg"));
        assertEquals(3, s.getInteger("points"));
        assertEquals(List.of("2025-06-01T00:00:00.000+08:00", "2025-06-01T00:01:00.000+08:00", "2025-06-01T00:02:00.000+08:00"),
                s.getJsonArray("ts").getList());
        assertEquals(List.of(19.5, 19.6, 19.7), s.getJsonArray("so2").getList());
        assertEquals(30.5, s.getJsonArray("nox").getDouble(0));
        assertEquals("mg/m³", s.getJsonObject("fields").getJsonObject("so2").getString("unit"));
        assertEquals("二氧化硫", s.getJsonObject("fields").getJsonObject("so2").getJsonObject("label").getString("zh"));
        JsonObject epoch = ok("/api/v1/devices/cems-001/series?fields=so2&from=" + MONTH_START + "&to=" + (MONTH_START + 60_000)
                + "&time_format=ms");
        assertEquals(List.of(MONTH_START, MONTH_START + 60_000), epoch.getJsonArray("ts").getList());
    }

    @Test
    void m4KeepsAOneMinuteSpikeInAMonthThatTheMeanHides() throws Exception {
        String range = "&from=" + enc("2025-06-01T00:00:00+08:00") + "&to=" + enc("2025-06-30T23:59:00+08:00");
        JsonObject m4 = ok("/api/v1/devices/cems-001/series?fields=so2&max_points=2000" + range);
        assertEquals("m4", m4.getString("agg"));
        assertEquals(43_200, m4.getLong("raw_points"));
        int points = m4.getInteger("points");
        assertTrue(points <= 2000 && points > 1900, "points " + points);
        JsonArray so2 = m4.getJsonArray("so2");
        double max = 0;
        int at = -1;
        for (int i = 0; i < so2.size(); i++) {
            if (so2.getDouble(i) > max) {
                max = so2.getDouble(i);
                at = i;
            }
        }
        assertEquals(180.0, max);
        // the spike's point lies in the bucket holding the spike minute
        long bucket = m4.getLong("bucket_ms");
        long shown = ms(m4.getJsonArray("ts").getString(at));
        assertTrue(shown >= SPIKE - bucket && shown <= SPIKE + bucket, "spike shown at " + m4.getJsonArray("ts").getString(at));
        double min = 1000;
        for (Object v : so2) min = Math.min(min, ((Number) v).doubleValue());
        assertEquals(19.5, min);

        JsonObject mean = ok("/api/v1/devices/cems-001/series?fields=so2&max_points=2000&agg=mean" + range);
        double meanMax = 0;
        for (Object v : mean.getJsonArray("so2")) meanMax = Math.max(meanMax, ((Number) v).doubleValue());
        assertTrue(meanMax < 35, "a mean over " + mean.getLong("bucket_ms") + " ms hides the spike: " + meanMax);
    }

    @Test
    void dayBucketsAlignToShanghaiMidnight() throws Exception {
        JsonObject d = ok("/api/v1/devices/cems-001/series?fields=so2&interval=1d&agg=mean&from="
                + enc("2026-01-01T00:00:00+08:00") + "&to=" + enc("2026-01-02T23:59:59+08:00"));
        assertEquals(List.of("2026-01-01T00:00:00.000+08:00", "2026-01-02T00:00:00.000+08:00"), d.getJsonArray("ts").getList());
        assertEquals(List.of(10.0, 40.0), d.getJsonArray("so2").getList().stream().map(v -> ((Number) v).doubleValue()).toList());
        JsonObject h = ok("/api/v1/devices/cems-001/series?fields=so2&interval=1h&agg=max&from="
                + enc("2026-01-01T23:00:00+08:00") + "&to=" + enc("2026-01-02T02:00:00+08:00"));
        assertEquals(List.of("2026-01-01T23:00:00.000+08:00", "2026-01-02T00:00:00.000+08:00", "2026-01-02T01:00:00.000+08:00"),
                h.getJsonArray("ts").getList());
    }

    @Test
    void badInputIsRefusedNamingTheParameter() throws Exception {
        assertError(404, "id", "/api/v1/devices/cems-999/series?fields=so2");
        JsonObject unknown = assertError(400, "fields", "/api/v1/devices/cems-001/series?fields=so2,sulphur");
        assertTrue(unknown.getString("error").contains("'sulphur'") && unknown.getString("error").contains("so2,nox"), unknown.encode());
        assertError(400, "fields", "/api/v1/devices/cems-001/series?fields=data_flag");
        assertError(400, "from", "/api/v1/devices/cems-001/series?from=" + enc("2026-01-02T00:00:00+08:00") + "&to=" + enc("2026-01-01T00:00:00+08:00"));
        assertError(400, "to", "/api/v1/devices/cems-001/series?to=yesterday");
        assertError(400, "from", "/api/v1/devices/cems-001/series?from=2026-01-01T00:00:00");
        assertError(400, "max_points", "/api/v1/devices/cems-001/series?max_points=5");
        assertError(400, "max_points", "/api/v1/devices/cems-001/series?max_points=1000000");
        assertError(400, "agg", "/api/v1/devices/cems-001/series?agg=median");
        assertError(400, "interval", "/api/v1/devices/cems-001/series?interval=1w");
        assertError(400, "interval", "/api/v1/devices/cems-001/series?interval=1m&from=" + MONTH_START + "&to=" + (MONTH_START + 30 * 86_400_000L));
        assertError(400, "colour", "/api/v1/devices/cems-001/series?colour=red");
        JsonObject raw = assertError(400, "agg", "/api/v1/devices/cems-001/series?agg=raw&fields=nox&from=" + DENSE_START
                + "&to=" + (DENSE_START + 200_000_000L));
        assertEquals("120000 points in this range, more than the raw limit of 100000; ask agg=auto (or m4, mean, min, max, last) "
                + "or a shorter range", raw.getString("error"));
    }

    private JsonObject assertError(int status, String field, String path) throws Exception {
        HttpResponse<String> r = get(gw, path);
        assertEquals(status, r.statusCode(), path + " -> " + r.body().substring(0, Math.min(300, r.body().length())));
        JsonObject e = new JsonObject(r.body());
        assertEquals(field, e.getString("field"), r.body());
        return e;
    }
}
