package dev.vigil.gateway.reports;

import dev.vigil.gateway.auth.ApiToken;
import dev.vigil.gateway.auth.Role;
import dev.vigil.gateway.auth.User;
import dev.vigil.gateway.auth.UsersFile;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervision reports over HTTP against recorded data written straight into a real InfluxDB as
 * line protocol, with hand-computed figures: an elevator offline 3 of 24 hours (87.5 %), a CEMS with
 * 2 of 24 hourly values flagged M (91.7 %), disposal times from hand-made case transitions; the scope
 * of each role; CSV with byte-order mark and zh/en headers; 400 naming a bad parameter.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsApiTest {
    static final String HAIBOWAN = "wuhai-haibowan";
    static final String WUDA = "wuhai-wuda";
    static final String HAINAN = "wuhai-hainan";
    /** 2026-03-01 00:00 in Asia/Shanghai. */
    static final long D = OffsetDateTime.parse("2026-03-01T00:00:00+08:00").toInstant().toEpochMilli();
    static final long MIN = 60_000L;
    static final long HOUR = 3_600_000L;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway gw;
    private final Map<String, String> bearer = new LinkedHashMap<>();

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        String profilesDir = TestGateway.profilesWithoutRules();
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of(profilesDir));
        Path registry = dir.resolve("devices.yaml");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Device d : List.of(
                new Device("elv-a1", "elevator", "Alpha", HAIBOWAN, Map.of(), null, null),
                new Device("elv-b1", "elevator", "Beta", WUDA, Map.of("heartbeat_seconds", 300), null, null),
                new Device("elv-c1", "elevator", "Gamma", HAINAN, Map.of(), null, null),
                new Device("cems-a1", "emission-cems", "Alpha", HAIBOWAN, Map.of(), null, null),
                new Device("cems-b1", "emission-cems", "Beta", WUDA, Map.of("report_interval_s", 3600), null, null))) {
            tokens.put(d.id(), RegistryWriter.add(registry, d, profiles));
        }
        List<User> users = new ArrayList<>();
        users.add(TestGateway.adminUser());
        users.add(user("reg", Role.REGULATOR, List.of(HAIBOWAN, WUDA), null));
        users.add(user("alpha", Role.ENTERPRISE, List.of(), "Alpha"));
        users.add(user("insp", Role.INSPECTOR, List.of(WUDA), null));
        Path usersFile = dir.resolve("users.yaml");
        UsersFile.save(usersFile, users);
        GatewayConfig base = GatewayConfig.defaults().withFiles(profilesDir, null, null, null)
                .withAuth(GatewayConfig.defaults().auth().withUsers(usersFile.toString()));
        gw = TestGateway.startWithRegistry(registry, Path.of(profilesDir), tokens, db, base);
        bearer.put("admin", TestGateway.ADMIN_AUTH);

        StringBuilder lines = new StringBuilder();
        // elv-a1: a heartbeat every minute of 2026-03-01, except 03:00-06:00 (offline 3 of 24 hours);
        // every other minute carries only "floor", the others only "door": any value counts
        for (int m = 0; m < 1440; m++) {
            if (m >= 180 && m < 360) continue;
            String field = m % 2 == 0 ? "floor=3i" : "door=\"closed\"";
            lines.append("elevator,device=elv-a1,enterprise=Alpha,region=").append(HAIBOWAN).append(' ').append(field).append(' ')
                    .append(D + m * MIN).append('\n');
        }
        // elv-b1: heartbeat_seconds 300 in the registry, data every minute but only 00:00-12:00: 144 of 288 intervals
        for (int m = 0; m < 720; m++) {
            lines.append("elevator,device=elv-b1,enterprise=Beta,region=").append(WUDA).append(" floor=1i ").append(D + m * MIN).append('\n');
        }
        // elv-c1: every minute all day (100 %)
        for (int m = 0; m < 1440; m++) {
            lines.append("elevator,device=elv-c1,enterprise=Gamma,region=").append(HAINAN).append(" floor=1i ").append(D + m * MIN).append('\n');
        }
        // cems-a1: real-time data every minute all day; 24 hourly values, those of 07:00 and 08:00 flagged M
        for (int m = 0; m < 1440; m++) {
            lines.append("emission-cems,device=cems-a1,enterprise=Alpha,region=").append(HAIBOWAN).append(" so2=20.5 ")
                    .append(D + m * MIN + 5_000).append('\n');
        }
        for (int h = 0; h < 24; h++) {
            String flag = h == 7 || h == 8 ? "M" : "N";
            lines.append("emission-cems_hour,device=cems-a1,enterprise=Alpha,region=").append(HAIBOWAN)
                    .append(" so2=20.1,so2_flag=\"").append(flag).append("\",data_flag=\"").append(flag).append("\" ")
                    .append(D + h * HOUR).append('\n');
        }
        // cems-b1: report_interval_s 3600: real-time data in 18 of 24 hours; 20 hourly values, all N, 4 hours missing
        for (int h = 0; h < 24; h++) {
            if (h < 18) lines.append("emission-cems,device=cems-b1,enterprise=Beta,region=").append(WUDA).append(" so2=11 ")
                    .append(D + h * HOUR + 10 * MIN).append('\n');
            if (h < 20) lines.append("emission-cems_hour,device=cems-b1,enterprise=Beta,region=").append(WUDA)
                    .append(" so2=11,data_flag=\"N\" ").append(D + h * HOUR).append('\n');
        }
        // the day before and after do not count
        lines.append("elevator,device=elv-a1,enterprise=Alpha,region=").append(HAIBOWAN).append(" floor=1i ").append(D - MIN).append('\n');
        lines.append("emission-cems_hour,device=cems-a1,enterprise=Alpha,region=").append(HAIBOWAN)
                .append(" so2=1,data_flag=\"N\" ").append(D + 24 * HOUR).append('\n');

        // disposal: four alerts of elv-a1 on 2026-03-01 (three of rule trapped: two repeats; a1 raised last, at 23:00), one of elv-b1, one of elv-c1,
        // and one of elv-a1 raised the day before (not counted, although it is closed on the day)
        long r1 = D + 23 * HOUR;
        long r2 = D + 11 * HOUR;
        long r3 = D + 12 * HOUR;
        long r4 = D + 13 * HOUR;
        raised(lines, "a1", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", r1);
        raised(lines, "a2", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", r2);
        raised(lines, "a3", "elv-a1", "Alpha", HAIBOWAN, "trapped", "orange", r3);
        raised(lines, "a4", "elv-a1", "Alpha", HAIBOWAN, "door-open", "yellow", r4);
        raised(lines, "b1", "elv-b1", "Beta", WUDA, "trapped", "red", D + 9 * HOUR);
        raised(lines, "c1", "elv-c1", "Gamma", HAINAN, "trapped", "blue", D + 9 * HOUR);
        raised(lines, "z0", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", D - HOUR);
        // received after 60, 120, 180, 600 s: median 150 s, p90 180 + 0.7 × 420 = 474 s
        transition(lines, "a1", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "raised", "received", r1 + 60_000);
        transition(lines, "a2", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "raised", "received", r2 + 120_000);
        transition(lines, "a3", "elv-a1", "Alpha", HAIBOWAN, "trapped", "orange", "raised", "received", r3 + 180_000);
        transition(lines, "a4", "elv-a1", "Alpha", HAIBOWAN, "door-open", "yellow", "raised", "received", r4 + 600_000);
        // a second "received" (after a rejection, say) does not move the first
        transition(lines, "a1", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "rejected", "received", r1 + 90 * MIN);
        // handled after 1800 and 3600 s: median 2700 s, p90 1800 + 0.9 × 1800 = 3420 s
        transition(lines, "a1", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "dispatched", "handled", r1 + 1800_000);
        transition(lines, "a2", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "dispatched", "handled", r2 + 3600_000);
        // closed after 7200 s (on the next day: still counted) and a false alarm after 900 s: median 4050 s, p90 900 + 0.9 × 6300 = 6570 s
        transition(lines, "a1", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "verified", "closed", r1 + 7200_000);
        transition(lines, "a4", "elv-a1", "Alpha", HAIBOWAN, "door-open", "yellow", "received", "false_alarm", r4 + 900_000);
        transition(lines, "z0", "elv-a1", "Alpha", HAIBOWAN, "trapped", "red", "verified", "closed", D + 5 * MIN);
        // a3 missed its handling deadline twice (escalation 1, then 2); b1 missed receiving once
        overdue(lines, "a3", "elv-a1", "Alpha", HAIBOWAN, "trapped", "orange", "handled", 1, r3 + HOUR);
        overdue(lines, "a3", "elv-a1", "Alpha", HAIBOWAN, "trapped", "orange", "handled", 2, r3 + 2 * HOUR);
        overdue(lines, "b1", "elv-b1", "Beta", WUDA, "trapped", "red", "received", 1, D + 9 * HOUR + 5 * MIN);
        db.writeLines(lines.toString());
    }

    private User user(String name, Role role, List<String> regions, String enterprise) {
        ApiToken.Issued t = ApiToken.issue("2026-01-01T00:00:00Z", "test");
        bearer.put(name, "Bearer " + t.token());
        return new User(name, role, regions, enterprise, null, List.of(t.record()));
    }

    private static String tags(String device, String enterprise, String region, String rule, String level, String kind) {
        return "alert_events,device=" + device + ",enterprise=" + enterprise + ",kind=" + kind + ",level=" + level
                + ",profile=elevator,region=" + region + ",rule=" + rule;
    }

    private static void raised(StringBuilder sb, String id, String device, String ent, String region, String rule, String level, long t) {
        sb.append(tags(device, ent, region, rule, level, "RAISED")).append(" alert_id=\"").append(id).append("\",message=\"m\" ")
                .append(t).append('\n');
    }

    private static void transition(StringBuilder sb, String id, String device, String ent, String region, String rule, String level,
                                   String from, String to, long t) {
        sb.append(tags(device, ent, region, rule, level, "TRANSITION")).append(" alert_id=\"").append(id)
                .append("\",actor=\"reg\",comment=\"ok\",case_from=\"").append(from).append("\",case_to=\"").append(to).append("\" ")
                .append(t).append('\n');
    }

    private static void overdue(StringBuilder sb, String id, String device, String ent, String region, String rule, String level,
                                String step, int escalation, long t) {
        sb.append(tags(device, ent, region, rule, level, "OVERDUE")).append(" alert_id=\"").append(id).append("\",step=\"").append(step)
                .append("\",escalation=").append(escalation).append("i ").append(t).append('\n');
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
    }

    private HttpResponse<byte[]> get(String who, String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + pathAndQuery))
                .header("Authorization", bearer.get(who)).timeout(Duration.ofSeconds(60)).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonObject json(String who, String pathAndQuery) throws Exception {
        HttpResponse<byte[]> r = get(who, pathAndQuery);
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(200, r.statusCode(), body);
        return new JsonObject(body);
    }

    private static JsonObject row(JsonObject report, String kind, String id) {
        for (Object o : report.getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            if (r.getString("kind").equals(kind) && r.getString("id").equals(id)) return r;
        }
        return null;
    }

    private static TreeSet<String> ids(JsonObject report, String kind) {
        TreeSet<String> out = new TreeSet<>();
        for (Object o : report.getJsonArray("rows")) {
            JsonObject r = (JsonObject) o;
            if (r.getString("kind").equals(kind)) out.add(r.getString("id"));
        }
        return out;
    }

    @Test
    void dailyOnlineAndValidDataRatesMatchHandComputedValues() throws Exception {
        JsonObject rep = json("admin", "/api/v1/reports/daily?date=2026-03-01");
        assertEquals(new JsonObject().put("kind", "daily").put("date", "2026-03-01").put("zone", "Asia/Shanghai")
                .put("from", "2026-03-01T00:00:00.000+08:00").put("to", "2026-03-02T00:00:00.000+08:00")
                .put("counted_until", "2026-03-02T00:00:00.000+08:00"), rep.getJsonObject("period"));
        JsonObject a1 = row(rep, "device", "elv-a1");
        assertEquals(60L, a1.getLong("interval_s"));
        assertEquals(1260L, a1.getLong("online_intervals"));
        assertEquals(1440L, a1.getLong("expected_intervals"));
        assertEquals(87.5, a1.getDouble("online_rate"));
        assertNull(a1.getValue("valid_data_rate"));
        JsonObject b1 = row(rep, "device", "elv-b1");
        assertEquals(300L, b1.getLong("interval_s"));
        assertEquals(144L, b1.getLong("online_intervals"));
        assertEquals(288L, b1.getLong("expected_intervals"));
        assertEquals(50.0, b1.getDouble("online_rate"));
        assertEquals(100.0, row(rep, "device", "elv-c1").getDouble("online_rate"));

        JsonObject ca = row(rep, "device", "cems-a1");
        assertEquals(60L, ca.getLong("interval_s"));
        assertEquals(100.0, ca.getDouble("online_rate"));
        assertEquals(22L, ca.getLong("valid_hours"));
        assertEquals(24L, ca.getLong("data_hours"));
        assertEquals(24L, ca.getLong("expected_hours"));
        assertEquals(91.7, ca.getDouble("valid_data_rate"));
        assertEquals(Boolean.FALSE, ca.getBoolean("below_threshold"));
        JsonObject cb = row(rep, "device", "cems-b1");
        assertEquals(3600L, cb.getLong("interval_s"));
        assertEquals(18L, cb.getLong("online_intervals"));
        assertEquals(75.0, cb.getDouble("online_rate"));
        assertEquals(83.3, cb.getDouble("valid_data_rate"));
        assertEquals(Boolean.TRUE, cb.getBoolean("below_threshold"));
        assertEquals(90.0, rep.getDouble("valid_data_threshold_pct"));
        assertEquals(new JsonArray().add(new JsonObject().put("device", "cems-b1").put("enterprise", "Beta").put("region", WUDA)
                .put("valid_data_rate", 83.3).put("valid_hours", 20L).put("expected_hours", 24L)), rep.getJsonArray("valid_data_below"));

        // sums: enterprise Alpha = elv-a1 + cems-a1 = (1260 + 1440) / (1440 + 1440) = 93.75 % → 93.8
        JsonObject alpha = row(rep, "enterprise", "Alpha");
        assertEquals(2700L, alpha.getLong("online_intervals"));
        assertEquals(2880L, alpha.getLong("expected_intervals"));
        assertEquals(93.8, alpha.getDouble("online_rate"));
        assertEquals(91.7, alpha.getDouble("valid_data_rate"));
        // profile emission-cems: (22 + 20) / 48 = 87.5 %
        assertEquals(87.5, row(rep, "profile", "emission-cems").getDouble("valid_data_rate"));
        // region wuda: elv-b1 + cems-b1 = (144 + 18) / (288 + 24)
        assertEquals(Figures.pct(162, 312), row(rep, "region", WUDA).getDouble("online_rate"));
        JsonObject total = row(rep, "total", "*");
        assertEquals(1260L + 144 + 1440 + 1440 + 18, total.getLong("online_intervals"));
        assertEquals(1440L + 288 + 1440 + 1440 + 24, total.getLong("expected_intervals"));
        assertEquals(new TreeSet<>(List.of("Alpha", "Beta", "Gamma")), ids(rep, "enterprise"));
        assertEquals(new TreeSet<>(List.of(HAIBOWAN, HAINAN, WUDA)), ids(rep, "region"));
        assertEquals(new TreeSet<>(List.of("elevator", "emission-cems")), ids(rep, "profile"));
    }

    @Test
    void disposalFiguresFromCaseTransitions() throws Exception {
        JsonObject rep = json("admin", "/api/v1/reports/daily?date=2026-03-01");
        JsonObject d = rep.getJsonObject("disposal");
        assertEquals(6, d.getInteger("alerts"));
        assertEquals(new JsonObject().put("red", 3).put("orange", 1).put("yellow", 1).put("blue", 1), d.getJsonObject("by_level"));
        assertEquals(new JsonObject().put("elevator", 6), d.getJsonObject("by_profile"));
        assertEquals(new JsonObject().put(HAIBOWAN, 4).put(HAINAN, 1).put(WUDA, 1), d.getJsonObject("by_region"));
        assertEquals(new JsonObject().put("Alpha", 4).put("Beta", 1).put("Gamma", 1), d.getJsonObject("by_enterprise"));
        assertEquals(new JsonObject().put("count", 4).put("median_s", 150.0).put("p90_s", 474.0), d.getJsonObject("time_to_receive"));
        assertEquals(new JsonObject().put("count", 2).put("median_s", 2700.0).put("p90_s", 3420.0), d.getJsonObject("time_to_handle"));
        assertEquals(new JsonObject().put("count", 2).put("median_s", 4050.0).put("p90_s", 6570.0), d.getJsonObject("time_to_close"));
        assertEquals(2, d.getInteger("overdue_alerts"));
        assertEquals(3, d.getInteger("escalations"));
        assertEquals(new JsonObject().put("handled", 2).put("received", 1), d.getJsonObject("escalations_by_step"));
        assertEquals(2, d.getInteger("max_escalation"));
        assertEquals(2, d.getInteger("repeat_alerts"));
        assertEquals(new JsonArray().add(new JsonObject().put("device", "elv-a1").put("alerts", 4).put("repeat_alerts", 2)),
                d.getJsonArray("repeat_devices"));
        JsonObject a1 = row(rep, "device", "elv-a1");
        assertEquals(4, a1.getInteger("alerts"));
        assertEquals(2, a1.getInteger("alerts_red"));
        assertEquals(1, a1.getInteger("overdue_alerts"));
        assertEquals(2, a1.getInteger("escalations"));
        assertEquals(2, a1.getInteger("repeat_alerts"));
        assertEquals(150.0, a1.getDouble("receive_median_s"));
        assertEquals(6570.0, a1.getDouble("close_p90_s"));
        assertEquals(0, row(rep, "device", "cems-a1").getInteger("alerts"));
        assertNull(row(rep, "device", "cems-a1").getValue("receive_median_s"));
    }

    @Test
    void eachCallerCountsOnlyItsScope() throws Exception {
        JsonObject alpha = json("alpha", "/api/v1/reports/daily?date=2026-03-01");
        assertEquals(new TreeSet<>(List.of("cems-a1", "elv-a1")), ids(alpha, "device"));
        assertEquals(new TreeSet<>(List.of("Alpha")), ids(alpha, "enterprise"));
        assertEquals(4, alpha.getJsonObject("disposal").getInteger("alerts"));
        assertEquals(new JsonObject().put("Alpha", 4), alpha.getJsonObject("disposal").getJsonObject("by_enterprise"));
        assertEquals(2700L, row(alpha, "total", "*").getLong("online_intervals"));
        assertEquals(new JsonArray(), alpha.getJsonArray("valid_data_below"));

        JsonObject reg = json("reg", "/api/v1/reports/daily?date=2026-03-01");
        assertEquals(new TreeSet<>(List.of("cems-a1", "cems-b1", "elv-a1", "elv-b1")), ids(reg, "device"));
        assertEquals(new TreeSet<>(List.of(HAIBOWAN, WUDA)), ids(reg, "region"));
        assertEquals(5, reg.getJsonObject("disposal").getInteger("alerts"));

        JsonObject insp = json("insp", "/api/v1/reports/daily?date=2026-03-01");
        assertEquals(new TreeSet<>(List.of("cems-b1", "elv-b1")), ids(insp, "device"));
        assertEquals(1, insp.getJsonObject("disposal").getInteger("alerts"));
        assertEquals(1, insp.getJsonObject("disposal").getInteger("escalations"));
        assertEquals(1, insp.getJsonArray("valid_data_below").size());

        // filters narrow the caller's scope; a value outside it is refused like an unknown one, listing what the caller may use
        JsonObject beta = json("reg", "/api/v1/reports/daily?date=2026-03-01&enterprise=Beta");
        assertEquals(new TreeSet<>(List.of("cems-b1", "elv-b1")), ids(beta, "device"));
        assertEquals(1, beta.getJsonObject("disposal").getInteger("alerts"));
        JsonObject cems = json("admin", "/api/v1/reports/daily?date=2026-03-01&profile=emission-cems&region=" + WUDA);
        assertEquals(new TreeSet<>(List.of("cems-b1")), ids(cems, "device"));
        assertEquals(0, cems.getJsonObject("disposal").getInteger("alerts"));
        for (String[] c : List.of(new String[] {"alpha", "region=" + WUDA, "region",
            "region: no device of region '" + WUDA + "'; known: [" + HAIBOWAN + "]"},
                new String[] {"alpha", "enterprise=Gamma", "enterprise", "enterprise: no device of enterprise 'Gamma'; known: [Alpha]"},
                new String[] {"insp", "enterprise=Alpha", "enterprise", "enterprise: no device of enterprise 'Alpha'; known: [Beta]"},
                new String[] {"admin", "profile=lift", "profile",
                    "profile: no profile 'lift'; known: [elevator, emission-cems, hazmat-vehicle, power-transformer]"})) {
            HttpResponse<byte[]> r = get(c[0], "/api/v1/reports/daily?date=2026-03-01&" + c[1]);
            assertEquals(400, r.statusCode(), c[1]);
            assertEquals(new JsonObject().put("error", c[3]).put("field", c[2]), new JsonObject(new String(r.body(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void monthlyReportHasADailyTrend() throws Exception {
        JsonObject rep = json("admin", "/api/v1/reports/monthly?month=2026-03");
        assertEquals("2026-03", rep.getJsonObject("period").getString("month"));
        JsonArray trend = rep.getJsonArray("trend");
        assertEquals(31, trend.size());
        // day 1 as in the daily report; the 2nd holds only the one hourly value of cems-a1 (valid 1 of 48 hours)
        assertEquals(new JsonObject().put("date", "2026-03-01").put("online_rate", Figures.pct(1260L + 144 + 1440 + 1440 + 18,
                1440L + 288 + 1440 + 1440 + 24)).put("valid_data_rate", 87.5).put("alerts", 6), trend.getJsonObject(0));
        assertEquals(new JsonObject().put("date", "2026-03-02").put("online_rate", 0.0).put("valid_data_rate", 2.1).put("alerts", 0),
                trend.getJsonObject(1));
        JsonObject a1 = row(rep, "device", "elv-a1");
        assertEquals(1260L, a1.getLong("online_intervals"));
        assertEquals(31 * 1440L, a1.getLong("expected_intervals"));
        assertEquals(6, rep.getJsonObject("disposal").getInteger("alerts"));
    }

    @Test
    void csvHasAByteOrderMarkAndBilingualHeaders() throws Exception {
        HttpResponse<byte[]> r = get("alpha", "/api/v1/reports/daily?date=2026-03-01&format=csv");
        assertEquals(200, r.statusCode());
        assertEquals("text/csv; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
        assertEquals("attachment; filename=\"vigil-report-daily-2026-03-01.csv\"", r.headers().firstValue("content-disposition").orElse(""));
        byte[] b = r.body();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(b, 3));
        String[] lines = new String(b, 3, b.length - 3, StandardCharsets.UTF_8).split("\r\n");
        List<String> header = cells(lines[0]);
        assertEquals("类别 Kind [kind]", header.get(0));
        assertEquals("在线率(%) Online rate (%) [online_rate]", header.get(8));
        assertEquals("有效数据率(%) Valid-data rate (%) [valid_data_rate]", header.get(12));
        assertEquals("签收时长中位数(s) Time to receive, median (s) [receive_median_s]", header.get(22));
        assertEquals(ReportColumns.ALL.size(), header.size());
        // total, 2 profiles, 1 region, 1 enterprise, 2 devices
        assertEquals(1 + 7, lines.length);
        assertTrue(lines[1].startsWith("total,*,,,,,2700,2880,93.8,22,24,24,91.7,false,4,2,1,1,0,1,2,2,150.0,474.0,2700.0,3420.0,4050.0,6570.0"),
                lines[1]);
        assertTrue(lines[6].startsWith("device,cems-a1,Alpha," + HAIBOWAN + ",emission-cems,60,1440,1440,100.0,22,24,24,91.7,false,0,"), lines[6]);
        assertTrue(lines[7].startsWith("device,elv-a1,Alpha," + HAIBOWAN + ",elevator,60,1260,1440,87.5,,,,,,4,2,1,1,0,"), lines[7]);
    }

    private String[] cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new dev.vigil.gateway.cli.VigilCli());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void cliPrintsTheReportAsTables() throws Exception {
        String url = "http://127.0.0.1:" + gw.app.httpPort();
        String alphaToken = bearer.get("alpha").substring("Bearer ".length());
        String[] r = cli("report", "daily", "--date", "2026-03-01", "--url", url, "--token", alphaToken);
        assertEquals("0", r[0], r[2]);
        assertEquals("""
                监管日报 Daily report 2026-03-01 (Asia/Shanghai)
                2026-03-01T00:00:00.000+08:00 .. 2026-03-02T00:00:00.000+08:00, 统计至 counted until 2026-03-02T00:00:00.000+08:00

                合计 Total
                名称 Name  在线率 Online  有效率 Valid  预警 Alerts  超期 Overdue  督办 Escal.  重复 Repeat  签收 Receive p50  处置 Handle p50  办结 Close p50
                *          93.8 %         91.7 %        4            1             2            2            2m30s             45m00s           1h07m30s

                按设备类型 By profile
                名称 Name      在线率 Online  有效率 Valid  预警 Alerts  超期 Overdue  督办 Escal.  重复 Repeat  签收 Receive p50  处置 Handle p50  办结 Close p50
                elevator       87.5 %         -             4            1             2            2            2m30s             45m00s           1h07m30s
                emission-cems  100 %          91.7 %        0            0             0            0            -                 -                -

                按区域 By region
                名称 Name       在线率 Online  有效率 Valid  预警 Alerts  超期 Overdue  督办 Escal.  重复 Repeat  签收 Receive p50  处置 Handle p50  办结 Close p50
                wuhai-haibowan  93.8 %         91.7 %        4            1             2            2            2m30s             45m00s           1h07m30s

                按企业 By enterprise
                名称 Name  在线率 Online  有效率 Valid  预警 Alerts  超期 Overdue  督办 Escal.  重复 Repeat  签收 Receive p50  处置 Handle p50  办结 Close p50
                Alpha      93.8 %         91.7 %        4            1             2            2            2m30s             45m00s           1h07m30s

                有效数据率低于 90 % Valid-data rate below 90 %: 无 none

                处置情况 Disposal
                项目 Item                 值 Value
                预警数 Alerts             4  (红 red 2, 橙 orange 1, 黄 yellow 1, 蓝 blue 0)
                按设备类型 By profile     elevator 4
                按区域 By region          wuhai-haibowan 4
                按企业 By enterprise      Alpha 4
                签收时长 Time to receive  n=4  中位数 median 150 s (2m30s)  P90 474 s (7m54s)
                处置时长 Time to handle   n=2  中位数 median 2700 s (45m00s)  P90 3420 s (57m00s)
                办结时长 Time to close    n=2  中位数 median 4050 s (1h07m30s)  P90 6570 s (1h49m30s)
                超期预警 Overdue alerts   1
                督办次数 Escalations      2  (按环节 by step: handled 2; 最高级别 max level 2)
                重复预警 Repeat alerts    2

                重复预警设备 Devices with repeat alerts
                设备 Device  预警数 Alerts  重复 Repeats
                elv-a1       4              2
                """, r[1]);
        String[] m = cli("report", "monthly", "--month", "2026-03", "--url", url, "--token", alphaToken, "--devices");
        assertEquals("0", m[0], m[2]);
        assertTrue(m[1].startsWith("监管月报 Monthly report 2026-03 (Asia/Shanghai)\n2026-03-01T00:00:00.000+08:00 .. "
                + "2026-04-01T00:00:00.000+08:00, 统计至 counted until 2026-04-01T00:00:00.000+08:00\n"), m[1]);
        assertTrue(m[1].contains("\n按设备 By device\n"), m[1]);
        assertTrue(m[1].contains("\n2026-03-01  93.8 %              91.7 %                      4\n"), m[1]);
        assertTrue(m[1].contains("\n2026-03-02  0 %                 4.2 %                       0\n"), m[1]);
        assertTrue(m[1].endsWith("\n2026-03-31  0 %                 0 %                         0\n"), m[1]);
        String[] js = cli("report", "daily", "--date", "2026-03-01", "--url", url, "--token", bearer.get("reg").substring(7),
                "--format", "json", "--enterprise", "Beta", "--profile", "elevator");
        assertEquals("0", js[0], js[2]);
        assertEquals(new TreeSet<>(List.of("elv-b1")), ids(new JsonObject(js[1]), "device"));
        String[] csv = cli("report", "daily", "--date", "2026-03-01", "--url", url, "--token", alphaToken, "--format", "csv");
        assertEquals("0", csv[0], csv[2]);
        assertTrue(csv[1].startsWith("\uFEFF类别 Kind [kind],名称 Name [id],"), csv[1]);
        String[] bad = cli("report", "daily", "--date", "2026-13-01", "--url", url, "--token", alphaToken);
        assertEquals("2", bad[0]);
        assertEquals("error: HTTP 400: date: '2026-13-01' is not a day; give YYYY-MM-DD, e.g. 2026-03-01\n", bad[2]);
        String[] noToken = cli("report", "daily", "--date", "2026-03-01", "--url", url);
        if (System.getenv("VIGIL_TOKEN") == null) {
            assertEquals("2", noToken[0]);
            assertEquals("error: no API token: give --token TOKEN or set VIGIL_TOKEN (create one with `vigil user token NAME`)\n", noToken[2]);
        }
        String[] help = cli("report", "daily", "--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].contains("--token=TOKEN") && help[1].contains("$VIGIL_TOKEN") && help[1].contains("--url=URL")
                && help[1].contains("vigil report daily --date 2026-03-01"), help[1]);
    }

    /** The cells of one CSV line (quoted cells unquoted). */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }

    @Test
    void badParametersAnswer400NamingThem() throws Exception {
        for (String[] c : List.of(new String[] {"/api/v1/reports/daily?date=2026-13-01", "date"},
                new String[] {"/api/v1/reports/daily?date=yesterday", "date"},
                new String[] {"/api/v1/reports/daily", "date"},
                new String[] {"/api/v1/reports/monthly?month=2026-3", "month"},
                new String[] {"/api/v1/reports/monthly?date=2026-03-01", "date"},
                new String[] {"/api/v1/reports/daily?date=2026-03-01&format=xlsx", "format"},
                new String[] {"/api/v1/reports/daily?date=2026-03-01&time_format=unix", "time_format"},
                new String[] {"/api/v1/reports/daily?date=2026-03-01&device=elv-a1", "device"})) {
            HttpResponse<byte[]> r = get("admin", c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertEquals("application/json; charset=utf-8", r.headers().firstValue("content-type").orElse(""));
            JsonObject body = new JsonObject(new String(r.body(), StandardCharsets.UTF_8));
            assertEquals(c[1], body.getString("field"), c[0]);
            assertTrue(body.getString("error").startsWith(c[1] + ":") || body.getString("error").startsWith(c[1] + " is required"),
                    body.getString("error"));
        }
        JsonObject ms = json("admin", "/api/v1/reports/daily?date=2026-03-01&time_format=ms").getJsonObject("period");
        assertEquals(D, ms.getLong("from"));
        assertEquals(D + 24 * HOUR, ms.getLong("to"));
        HttpResponse<byte[]> noAuth = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort()
                + "/api/v1/reports/daily?date=2026-03-01")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(401, noAuth.statusCode());
    }
}
