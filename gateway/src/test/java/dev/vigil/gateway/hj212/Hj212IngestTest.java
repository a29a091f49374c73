package dev.vigil.gateway.hj212;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Credentials;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HJ 212 endpoint end to end: an independent data logger written in Python's standard
 * library from the standard's text sends real frames over TCP; the real InfluxDB must hold the
 * values with their flags, the 9014 reply must come only once the reading is stored (the client
 * queries InfluxDB the moment it gets the reply), broken frames must get no reply and not disturb
 * the frames after them, and hourly exceedance must count only flag-N data.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Hj212IngestTest {
    private static final Path CLIENT = Path.of("src", "test", "python", "hj212_client.py");
    private static final String MN = "88888880000001";
    private static final String MN2 = "88888880000002";
    private static final String MN3 = "88888880000003";
    private static final String MN4 = "88888880000004";
    private static final String MN5 = "88888880000005";
    private static final String PW = "123456";

    private TestGateway gw;
    private InfluxDatabase db;
    private long base;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(TestGateway.PROFILES);
        Path registry = dir.resolve("devices.yaml");
        String salt = RegistryWriter.salt(registry, profiles);
        List<Device> devices = List.of(station("cems-h1", MN, salt), station("cems-h2", MN2, salt),
                station("cems-h3", MN3, salt), station("cems-h4", MN4, salt), station("cems-h5", MN5, salt));
        Map<String, String> tokens = RegistryWriter.addAll(registry, devices, profiles);
        // split messages missing a packet are dropped after a second here (30 s by default); no clock
        // tick during the class: the hourly test sends last hour's readings, and a tick (wall clock
        // past the hour's end) between them would close that tumbling window before all are in
        Path config = dir.resolve("vigil.yaml");
        java.nio.file.Files.writeString(config, "hj212:\n  split_timeout_ms: 1000\nalerts:\n  tick_ms: 600000\n");
        gw = TestGateway.startWithRegistry(registry, TestGateway.PROFILES, tokens, db,
                ConfigLoader.load(config, Map.of()));
        base = (System.currentTimeMillis() / 1000) * 1000 - 600_000;
    }

    private static Device station(String id, String mn, String salt) {
        return new Device(id, "emission-cems", "测试电厂 Test Power Co.", "wuhai-haibowan", Map.of(), null,
                Map.of("hj212", new LinkedHashMap<>(Map.of("mn", mn, "password_hash", Credentials.hash(salt, PW)))));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void realTimeValuesAndFlagsAreStoredBeforeTheReply() throws Exception {
        long t = base + 1_000;
        List<String> out = client(MN, PW, "cems-h1", "rtd", t);
        assertEquals(2, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("REPLY QN="), out.get(0));
        assertTrue(out.get(0).endsWith(";ST=91;CN=9014;PW=" + PW + ";MN=" + MN + ";Flag=4;CP=&&&&"), out.get(0));
        assertEquals("STORED 1", out.get(1));
        Map<String, Object> row = row("emission-cems", "cems-h1", t);
        assertEquals(35.1, num(row, "so2"));
        assertEquals("N", row.get("so2_flag"));
        assertEquals(42.0, num(row, "nox"));
        assertEquals(3.2, num(row, "particulate"));
        assertEquals("M", row.get("particulate_flag"));
        assertEquals(6.5, num(row, "o2"));
        assertEquals(48.5, num(row, "flue_temperature"), "legacy 2005 code S03");
        assertEquals("M", row.get("data_flag"), "the reading's flag is the first flag other than N");
    }

    @Test
    void aResentFrameOverwritesAndNeverDuplicates() throws Exception {
        long t = base + 2_000;
        List<String> out = client(MN, PW, "cems-h1", "resend", t);
        assertEquals(4, out.size(), out.toString());
        assertEquals(out.get(0), out.get(2), "both answers carry the same QN");
        assertEquals("STORED 1", out.get(3));
        QueryResult q = db.query("SELECT so2 FROM \"emission-cems\" WHERE device = 'cems-h1' AND time >= "
                + (t - 500) + "ms AND time <= " + (t + 500) + "ms");
        assertEquals(1, q.single().size());
    }

    @Test
    void hourlyDataGoesToItsOwnMeasurementAtThePeriodStart() throws Exception {
        long hour = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).truncatedTo(ChronoUnit.HOURS).minusHours(2).toInstant().toEpochMilli();
        List<String> out = client(MN, PW, "cems-h1", "hour", hour);
        assertEquals(List.of("STORED 1"), out.subList(1, 2), out.toString());
        Map<String, Object> row = row("emission-cems_hour", "cems-h1", hour);
        assertEquals(30.5, num(row, "so2"));
        assertEquals(40.25, num(row, "nox"));
        assertEquals("C", row.get("nox_flag"));
        assertEquals("C", row.get("data_flag"));
        assertTrue(db.query("SELECT * FROM \"emission-cems\" WHERE device = 'cems-h1' AND time = " + hour + "ms").isEmpty());
    }

    @Test
    void theStationsOwnHourlyMeanAboveTheLimitRaisesOrangeAtThePeriodStartAndAFlaggedHourNothing() throws Exception {
        long h0 = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).truncatedTo(ChronoUnit.HOURS).minusHours(3).toInstant().toEpochMilli();
        // hour h0: SO2 500 flagged M (maintenance), excluded; hour h0 + 1 h: SO2 50 flagged N, above the 35 limit at 6 % O2
        List<String> out = client(MN4, PW, "cems-h4", "station-hours", h0, h0 + 3_600_000);
        assertEquals(List.of("STORED 1", "STORED 1"), List.of(out.get(1), out.get(3)), out.toString());
        assertEquals("M", row("emission-cems_hour", "cems-h4", h0).get("so2_flag"), "the excluded hour is stored with its flag");
        HttpClient http = HttpClient.newHttpClient();
        JsonArray alerts = org.awaitility.Awaitility.await("the so2-station-hourly-exceeded alert").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort()
                            + "/api/alerts?device=cems-h4&rule=so2-station-hourly-exceeded")).header("Authorization", TestGateway.ADMIN_AUTH).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return new JsonObject(r.body()).getJsonArray("alerts");
                }, a -> a != null && !a.isEmpty());
        assertEquals(1, alerts.size(), "the M hour raised nothing: " + alerts.encode());
        JsonObject alert = alerts.getJsonObject(0);
        assertEquals("orange", alert.getString("level"), alert.encode());
        assertEquals(h0 + 3_600_000, alert.getLong("raised_at"), "stamped with the start of the N hour: " + alert.encode());
        JsonObject values = alert.getJsonObject("evidence").getJsonObject("values");
        assertEquals(50.0, values.getDouble("so2"), alert.encode());
        assertEquals(6.0, values.getDouble("o2"), alert.encode());
        // hourly data hours old are period averages, legitimately late: no clock-drift alert
        assertEquals(0, alerts("cems-h4", "quality-clock-drift").size());
        // GET /api/rules names the period a rule evaluates
        HttpResponse<String> rulesReply = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + "/api/rules"))
                .header("Authorization", TestGateway.ADMIN_AUTH).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rulesReply.statusCode(), rulesReply.body());
        JsonObject rules = new JsonObject(rulesReply.body());
        JsonObject rule = rules.getJsonArray("rules").stream().map(o -> (JsonObject) o)
                .filter(o -> o.getString("id").equals("so2-station-hourly-exceeded")).findFirst().orElseThrow();
        assertEquals("hour", rule.getString("period"), rule.encode());
    }

    @Test
    void aRealTimeFrameTwentyMinutesBehindRaisesOneBlueClockDriftAlert() throws Exception {
        long t = (System.currentTimeMillis() / 1000) * 1000 - 20 * 60_000;
        List<String> out = client(MN5, PW, "cems-h5", "rtd", t);
        assertEquals("STORED 1", out.get(1), out.toString());
        JsonArray drift = org.awaitility.Awaitility.await("the clock-drift alert").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> alerts("cems-h5", "quality-clock-drift"), a -> !a.isEmpty());
        JsonObject alert = drift.getJsonObject(0);
        assertEquals("blue", alert.getString("level"), alert.encode());
        assertEquals(t, alert.getLong("raised_at"), alert.encode());
        assertTrue(alert.getString("message").contains("设备时钟偏差") && alert.getString("message").contains("behind arrival"), alert.encode());
        long driftMs = alert.getJsonObject("evidence").getLong("drift_ms");
        assertTrue(driftMs >= 20 * 60_000 && driftMs < 21 * 60_000, alert.encode());
        JsonArray blue = alerts("cems-h5", null);
        assertEquals(1, blue.size(), "one alert for the station, the blue clock drift: " + blue.encode());
    }

    /** The station's alerts of a rule (all rules when null), open and closed, from the HTTP API. */
    private JsonArray alerts(String device, String rule) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort()
                + "/api/alerts?device=" + device + (rule == null ? "" : "&rule=" + rule))).header("Authorization", TestGateway.ADMIN_AUTH).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonArray a = new JsonObject(r.body()).getJsonArray("alerts");
        return a == null ? new JsonArray() : a;
    }

    @Test
    void aMessageSplitIntoThreePacketsIsStoredOnceWithEveryPollutantAndAnsweredOnce() throws Exception {
        long t = base + 14_000;
        long packets = gw.app.hj212Stats().splitPackets();
        long messages = gw.app.hj212Stats().splitMessages();
        List<String> out = client(MN, PW, "cems-h1", "split", t);
        assertEquals(3, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("REPLY QN=") && out.get(0).contains(";CN=9014;"), out.toString());
        assertEquals("STORED 1", out.get(1));
        assertEquals("NO_REPLY", out.get(2), "one answer for the message, none per packet");
        Map<String, Object> row = row("emission-cems", "cems-h1", t);
        assertEquals(31.5, num(row, "so2"));
        assertEquals(44.0, num(row, "nox"));
        assertEquals(2.5, num(row, "particulate"));
        assertEquals(6.2, num(row, "o2"));
        assertEquals(51.0, num(row, "flue_temperature"));
        assertEquals(350.0, num(row, "flow"));
        assertEquals("N", row.get("data_flag"));
        assertEquals(packets + 3, gw.app.hj212Stats().splitPackets());
        assertEquals(messages + 1, gw.app.hj212Stats().splitMessages());
    }

    @Test
    void aSplitMessageMissingAPacketIsDroppedCountedAndNothingStored() throws Exception {
        long t = base + 15_000;
        long incomplete = gw.app.hj212Stats().drops("split_incomplete");
        assertEquals(List.of("NO_REPLY"), client(MN, PW, "cems-h1", "split-missing", t));
        org.awaitility.Awaitility.await("the incomplete split message to time out").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> gw.app.hj212Stats().drops("split_incomplete") == incomplete + 1);
        assertTrue(db.query("SELECT * FROM \"emission-cems\" WHERE device = 'cems-h1' AND time = " + t + "ms").isEmpty());
        assertTrue(dev.vigil.gateway.support.Http.get(gw.app.httpPort(), "/metrics").body()
                .contains("vigil_hj212_dropped_split_incomplete_total"));
    }

    @Test
    void lowerCaseCheckCodeIsAccepted() throws Exception {
        long t = base + 3_000;
        List<String> out = client(MN, PW, "cems-h1", "lowercase", t);
        assertEquals("STORED 1", out.get(1), out.toString());
        assertEquals(21.0, num(row("emission-cems", "cems-h1", t), "so2"));
    }

    @Test
    void brokenFramesGetNoReplyAndTheNextFrameOnTheConnectionIsTaken() throws Exception {
        long crc = gw.app.hj212Stats().drops("bad_crc");
        long len = gw.app.hj212Stats().drops("bad_length");
        long big = gw.app.hj212Stats().drops("oversized");

        List<String> badCrc = client(MN, PW, "cems-h1", "bad-crc", base + 4_000, base + 5_000);
        assertEquals("STORED 1", badCrc.get(1), badCrc.toString());
        assertEquals(crc + 1, gw.app.hj212Stats().drops("bad_crc"));

        List<String> truncated = client(MN, PW, "cems-h1", "truncated", base + 6_000, base + 7_000);
        assertEquals("STORED 1", truncated.get(1), truncated.toString());
        assertEquals(len + 1, gw.app.hj212Stats().drops("bad_length"));

        List<String> wrongLength = client(MN, PW, "cems-h1", "bad-length", base + 8_000, base + 9_000);
        assertEquals("STORED 1", wrongLength.get(1), wrongLength.toString());
        assertEquals(len + 2, gw.app.hj212Stats().drops("bad_length"));

        List<String> oversized = client(MN, PW, "cems-h1", "oversized", base + 10_000);
        assertEquals("STORED 1", oversized.get(1), oversized.toString());
        assertEquals(big + 1, gw.app.hj212Stats().drops("oversized"));

        for (long t : new long[] {base + 4_000, base + 6_000, base + 8_000}) {
            assertTrue(db.query("SELECT * FROM \"emission-cems\" WHERE device = 'cems-h1' AND time = " + t + "ms").isEmpty(),
                    "nothing of a dropped frame is stored (" + t + ")");
        }
        assertEquals(22.0, num(row("emission-cems", "cems-h1", base + 5_000), "so2"));
        assertEquals(23.0, num(row("emission-cems", "cems-h1", base + 7_000), "so2"));
        assertEquals(25.0, num(row("emission-cems", "cems-h1", base + 9_000), "so2"));
        assertEquals(24.0, num(row("emission-cems", "cems-h1", base + 10_000), "so2"));
    }

    @Test
    void aValueTheProfileRefusesGetsNoDataResponse() throws Exception {
        long t = base + 11_000;
        List<String> out = client(MN, PW, "cems-h1", "refused-value", t, t + 1_000);
        assertEquals(2, out.size(), out.toString());
        assertEquals("STORED 1", out.get(1), "the next frame is answered, and first");
        assertTrue(db.query("SELECT * FROM \"emission-cems\" WHERE device = 'cems-h1' AND time = " + t + "ms").isEmpty());
    }

    @Test
    void unknownMnAndWrongPasswordAreRefusedAndTheConnectionClosed() throws Exception {
        long unknown = gw.app.hj212Stats().authFailures("unknown_mn");
        long wrong = gw.app.hj212Stats().authFailures("wrong_pw");
        assertEquals(List.of("NO_REPLY", "NO_REPLY", "CLOSED"), client("99999990000009", PW, "cems-h1", "auth", base + 20_000));
        assertEquals(List.of("NO_REPLY", "NO_REPLY", "CLOSED"), client(MN, "654321", "cems-h1", "auth", base + 20_000));
        assertEquals(unknown + 3, gw.app.hj212Stats().authFailures("unknown_mn"));
        assertEquals(wrong + 3, gw.app.hj212Stats().authFailures("wrong_pw"));
        assertTrue(db.query("SELECT * FROM \"emission-cems\" WHERE device = 'cems-h1' AND time = " + (base + 20_000) + "ms").isEmpty());
    }

    @Test
    void loggerStartIsAnsweredAndCounted() throws Exception {
        long before = gw.app.hj212Stats().stateMessages();
        List<String> out = client(MN, PW, "cems-h1", "state", base + 13_000);
        assertTrue(out.get(0).startsWith("REPLY QN=") && out.get(0).contains(";CN=9014;"), out.toString());
        assertEquals(before + 1, gw.app.hj212Stats().stateMessages());
    }

    @Test
    void hourlyExceedanceCountsOnlyFlagNData() throws Exception {
        long h0 = ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).truncatedTo(ChronoUnit.HOURS).minusHours(1).toInstant().toEpochMilli();
        // N 50, M 1000, N 50 in the last hour, then M 1000 in this one: the M values stay out of the mean
        List<String> out = client(MN2, PW, "cems-h2", "series", h0 + 600_000, h0 + 1_200_000, h0 + 1_800_000, h0 + 3_660_000);
        assertEquals(8, out.size(), out.toString());
        for (int i = 1; i < 8; i += 2) assertEquals("STORED 1", out.get(i), out.toString());
        HttpClient http = HttpClient.newHttpClient();
        JsonObject alert = org.awaitility.Awaitility.await("the so2-hourly-exceeded alert").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort()
                            + "/api/alerts?device=cems-h2&rule=so2-hourly-exceeded")).header("Authorization", TestGateway.ADMIN_AUTH)
                            .build(), HttpResponse.BodyHandlers.ofString());
                    JsonArray a = new JsonObject(r.body()).getJsonArray("alerts");
                    return a == null || a.isEmpty() ? null : a.getJsonObject(0);
                }, java.util.Objects::nonNull);
        assertEquals("orange", alert.getString("level"), alert.encode());
        assertEquals(h0 + 3_600_000, alert.getLong("raised_at"), alert.encode());
        JsonObject evidence = alert.getJsonObject("evidence");
        assertEquals(50.0 / 35.0, evidence.getDouble("mean"), 1e-9, "only the two flag-N readings: 50 mg/m³ at 6 % O2 over the 35 limit");
        assertEquals(2, evidence.getInteger("samples"));
        assertEquals(1, evidence.getInteger("excluded"), "the M reading of the hour is shown as kept out");
    }

    @Test
    void theSimulatedDataLoggerIsAnsweredForEveryFrameAndEachIsStored() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new dev.vigil.sim.hj212.Hj212Command());
        cmd.setOut(new java.io.PrintWriter(text, true));
        int code = cmd.execute("--port", String.valueOf(gw.app.hj212Port()), "--station", MN3 + "=" + PW,
                "--rtd-interval", "1s", "--duration", "2500ms", "--timeout", "5s");
        assertEquals(0, code, text.toString());
        String last = text.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("frames sent (\\d+), answered (\\d+), resent 0, never answered 0").matcher(last);
        assertTrue(m.matches(), text.toString());
        assertEquals(m.group(1), m.group(2));
        long answered = Long.parseLong(m.group(2));
        assertTrue(answered >= 2, last);
        long stored = 0;
        for (String measurement : List.of("emission-cems", "emission-cems_minute")) {
            QueryResult q = db.query("SELECT count(so2) FROM \"" + measurement + "\" WHERE device = 'cems-h3'");
            if (!q.isEmpty()) stored += ((Number) q.single().value(0, "count")).longValue();
        }
        assertEquals(answered, stored, "one stored reading per answered frame");
    }

    private static double num(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).doubleValue();
    }

    private Map<String, Object> row(String measurement, String device, long t) {
        QueryResult q = db.query("SELECT * FROM \"" + measurement + "\" WHERE device = '" + device + "' AND time = " + t + "ms");
        assertEquals(1, q.single().size(), q.toString());
        return q.single().row(0);
    }

    private List<String> client(String mn, String pw, String device, String scenario, long... times) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", CLIENT.toString(), "--port", String.valueOf(gw.app.hj212Port()),
                "--mn", mn, "--pw", pw, "--influx", db.url(), "--db", db.name(), "--device", device, scenario));
        for (long t : times) cmd.add(String.valueOf(t));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client did not finish");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return text.isBlank() ? List.of() : List.of(text.strip().split("\n"));
    }
}
