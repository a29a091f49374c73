package dev.vigil.gateway.jt808;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.rules.Alert;
import dev.vigil.rules.Level;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JT/T 808 endpoint end to end: the gateway on a free port with a real InfluxDB, driven by
 * the standard-library Python terminal. Replies are asserted message by message, stored values
 * exactly, alerts by rule and level; broken frames are dropped while the connection carries on.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Jt808GatewayTest {
    private static final String MEASUREMENT = "\"hazmat-vehicle\"";
    private TestGateway gw;
    private InfluxDatabase db;
    private int port;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, """
                rules: %s
                zones: ../zones/wuhai
                jt808:
                  idle_timeout_ms: 5000
                """.formatted(rules));
        gw = TestGateway.start(dir, db, Map.of("veh-0001", "hazmat-vehicle"), ConfigLoader.load(config, Map.of()));
        // terminals known by phone number, as `vigil device add --jt808-phone` registers them
        Path registry = dir.resolve("devices.yaml");
        var profiles = ProfileLoader.loadDirectory(TestGateway.PROFILES);
        for (int i = 1; i <= 9; i++) {
            RegistryWriter.add(registry, new Device("veh-808-0" + i, "hazmat-vehicle", "危货运输公司", "wuhai-haibowan", Map.of(), null,
                    Map.of("jt808", Map.of("phone", "1391234560" + i))), profiles);
        }
        // the running gateway reloads its registry file
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> gw.app.registry().devices().size() == RegistryLoader.load(registry, profiles).devices().size());
        port = gw.app.jt808().actualPort();
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private static String phone(int n) {
        return "01391234560" + n;
    }

    private static void assertReply(JsonNode reply, String id, int result) {
        assertEquals(id, reply.get("reply").asText(), reply.toString());
        assertEquals(result, reply.get("result").asInt(), reply.toString());
    }

    private static void assertGeneral(JsonNode reply, String forId, int result) {
        assertReply(reply, "0x8001", result);
        assertEquals(forId, reply.get("reply_id").asText(), reply.toString());
        assertEquals(reply.get("serial").asInt(), reply.get("reply_serial").asInt(), reply.toString());
    }

    private QueryResult.Series rows(String device) {
        QueryResult r = db.query("SELECT * FROM " + MEASUREMENT + " WHERE device = '" + device + "' ORDER BY time");
        return r.isEmpty() ? null : r.single();
    }

    private static long nowSeconds(long agoMs) {
        return (System.currentTimeMillis() - agoMs) / 1000 * 1000;
    }

    @Test
    void registerAuthenticateHeartbeatAndLocationStoredExactly2013() throws Exception {
        long ts = nowSeconds(5_000);
        List<JsonNode> r = PythonTerminal.run(port, phone(1), 2013, """
                [{"op": "register"}, {"op": "auth"}, {"op": "heartbeat"},
                 {"op": "location", "lat": 39.671234, "lon": 106.820345, "altitude": 1093, "speed": 54.3, "heading": 87,
                  "acc": true, "lock": 0, "mileage": 23456.7, "ts": %d}]""".formatted(ts));
        assertReply(r.get(0), "0x8100", 0);
        assertEquals(22, r.get(0).get("auth_code").asText().length());
        assertEquals(false, r.get(0).get("v2019").asBoolean());
        assertGeneral(r.get(1), "0x0102", 0);
        assertGeneral(r.get(2), "0x0002", 0);
        assertGeneral(r.get(3), "0x0200", 0);
        // 0x8001 means stored: the point is there now
        QueryResult.Series s = rows("veh-808-01");
        assertEquals(1, s.size());
        Map<String, Object> row = s.row(0);
        assertEquals(ts, ((Number) row.get("time")).longValue());
        assertEquals(39.671234, ((Number) row.get("lat")).doubleValue());
        assertEquals(106.820345, ((Number) row.get("lon")).doubleValue());
        assertEquals(1093.0, ((Number) row.get("altitude")).doubleValue());
        assertEquals(54.3, ((Number) row.get("speed")).doubleValue());
        assertEquals(87L, ((Number) row.get("heading")).longValue());
        assertEquals("locked", row.get("lock"));
        assertEquals(23456.7, ((Number) row.get("mileage")).doubleValue());
        assertEquals(true, row.get("acc"));
        assertEquals(true, row.get("gnss_fix"));
        assertEquals(false, row.get("alarm_emergency"));
        assertEquals(0L, ((Number) row.get("alarm_bits")).longValue());
        assertEquals("危货运输公司", row.get("enterprise"));
    }

    @Test
    void edition2019HeaderWithTwentyDigitPhoneAndSouthWest() throws Exception {
        long ts = nowSeconds(3_000);
        List<JsonNode> r = PythonTerminal.run(port, "0000000001391234560" + 2, 2019, """
                [{"op": "register"}, {"op": "auth"},
                 {"op": "location", "lat": -33.868820, "lon": -70.651337, "speed": 0.5, "heading": 359, "lock": 1, "ts": %d}]"""
                .formatted(ts));
        assertReply(r.get(0), "0x8100", 0);
        assertTrue(r.get(0).get("v2019").asBoolean(), "replies use the terminal's edition");
        assertGeneral(r.get(1), "0x0102", 0);
        assertGeneral(r.get(2), "0x0200", 0);
        Map<String, Object> row = rows("veh-808-02").row(0);
        assertEquals(-33.86882, ((Number) row.get("lat")).doubleValue());
        assertEquals(-70.651337, ((Number) row.get("lon")).doubleValue());
        assertEquals(0.5, ((Number) row.get("speed")).doubleValue());
        assertEquals(359L, ((Number) row.get("heading")).longValue());
        assertEquals("unlocked", row.get("lock"));
        assertEquals(ts, ((Number) row.get("time")).longValue());
    }

    /** {@code n} reports as JSON, 10 s apart from {@code t0}, at latitude {@code lat0 + i/100}. */
    private static String reports(int n, double lat0, int speed0, long t0) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            sb.append("{\"lat\": %.2f, \"lon\": 106.8, \"speed\": %d.5, \"heading\": 10, \"ts\": %d}"
                    .formatted(lat0 + i / 100.0, speed0 + i, t0 + i * 10_000L));
        }
        return sb.toString();
    }

    @Test
    void backfillBatchAndSplitBatchAreStoredWithTheirOwnTimes() throws Exception {
        long t0 = nowSeconds(3_600_000);
        List<JsonNode> r = PythonTerminal.run(port, phone(3), 2013, """
                [{"op": "register"}, {"op": "auth"}, {"op": "batch", "reports": [%s]},
                 {"op": "split", "packets": 3, "reports": [%s]}]""".formatted(reports(2, 39.6, 30, t0),
                reports(5, 39.7, 40, t0 + 100_000)));
        assertGeneral(r.get(2), "0x0704", 0);
        assertGeneral(r.get(3), "0x0704", 0);
        QueryResult.Series s = rows("veh-808-03");
        assertEquals(7, s.size(), "2 batched + 5 reassembled from 3 packets");
        assertEquals(t0, ((Number) s.row(0).get("time")).longValue());
        assertEquals(39.60, ((Number) s.row(0).get("lat")).doubleValue());
        assertEquals(30.5, ((Number) s.row(0).get("speed")).doubleValue());
        assertEquals(t0 + 10_000, ((Number) s.row(1).get("time")).longValue());
        assertEquals(39.61, ((Number) s.row(1).get("lat")).doubleValue());
        assertEquals(t0 + 140_000, ((Number) s.row(6).get("time")).longValue());
        assertEquals(39.74, ((Number) s.row(6).get("lat")).doubleValue());
        assertEquals(44.5, ((Number) s.row(6).get("speed")).doubleValue());
    }

    @Test
    void brokenFramesAreDroppedCountedAndTheConnectionCarriesOn() throws Exception {
        Jt808Stats stats = gw.app.jt808().stats();
        long check = stats.droppedCount(FrameException.Reason.CHECK_CODE);
        long escape = stats.droppedCount(FrameException.Reason.ESCAPE);
        long truncated = stats.droppedCount(FrameException.Reason.TRUNCATED);
        long oversized = stats.droppedCount(FrameException.Reason.OVERSIZED);
        List<JsonNode> r = PythonTerminal.run(port, phone(4), 2013, """
                [{"op": "register"}, {"op": "auth"}, {"op": "bad_check"}, {"op": "bad_escape"}, {"op": "truncated"},
                 {"op": "oversized", "n": 5000}, {"op": "heartbeat"}]""");
        assertEquals(3, r.size(), "no reply to any broken frame: " + r);
        assertGeneral(r.get(2), "0x0002", 0);
        assertEquals(check + 1, stats.droppedCount(FrameException.Reason.CHECK_CODE));
        assertEquals(escape + 1, stats.droppedCount(FrameException.Reason.ESCAPE));
        assertEquals(truncated + 1, stats.droppedCount(FrameException.Reason.TRUNCATED));
        assertEquals(oversized + 1, stats.droppedCount(FrameException.Reason.OVERSIZED));
        assertTrue(dev.vigil.gateway.support.Http.get(gw.app.httpPort(), "/metrics").body()
                .contains("vigil_jt808_frames_dropped_total{reason=\"check_code\"}"));
    }

    @Test
    void unknownPhoneIsRefusedAtRegistration() throws Exception {
        long before = gw.app.jt808().stats().unknownPhone();
        List<JsonNode> r = PythonTerminal.run(port, "013900000000", 2013, "[{\"op\": \"register\"}, {\"op\": \"auth\", \"code\": \"guess\"}]");
        assertReply(r.get(0), "0x8100", 4);
        assertEquals(null, r.get(0).get("auth_code"));
        assertGeneral(r.get(1), "0x0102", 1);
        assertEquals(before + 1, gw.app.jt808().stats().unknownPhone());
    }

    @Test
    void unauthenticatedMessagesGetFailureAndAreNotStored() throws Exception {
        long ts = nowSeconds(2_000);
        List<JsonNode> r = PythonTerminal.run(port, phone(5), 2013, """
                [{"op": "heartbeat"}, {"op": "location", "lat": 39.6, "lon": 106.8, "speed": 10, "ts": %d},
                 {"op": "auth", "code": "wrong"}, {"op": "location", "lat": 39.6, "lon": 106.8, "speed": 10, "ts": %d}]"""
                .formatted(ts, ts));
        assertGeneral(r.get(0), "0x0002", 1);
        assertGeneral(r.get(1), "0x0200", 1);
        assertGeneral(r.get(2), "0x0102", 1);
        assertGeneral(r.get(3), "0x0200", 1);
        assertEquals(null, rows("veh-808-05"));
    }

    @Test
    void eLockOpenWhileDrivingAndEmergencyButtonRaiseRedAlerts() throws Exception {
        long ts = nowSeconds(20_000);
        List<JsonNode> r = PythonTerminal.run(port, phone(6), 2013, """
                [{"op": "register"}, {"op": "auth"},
                 {"op": "location", "lat": 39.75, "lon": 106.85, "speed": 40, "heading": 10, "acc": true, "lock": 0, "ts": %d},
                 {"op": "location", "lat": 39.751, "lon": 106.85, "speed": 40, "heading": 10, "acc": true, "lock": 1, "ts": %d},
                 {"op": "location", "lat": 39.752, "lon": 106.85, "speed": 40, "heading": 10, "acc": true, "lock": 0, "alarm": 1, "ts": %d}]"""
                .formatted(ts, ts + 5_000, ts + 10_000));
        for (int i = 2; i < 5; i++) assertGeneral(r.get(i), "0x0200", 0);
        Alert lock = awaitAlert("veh-808-06", "lock-opened-outside-authorised-zone");
        assertEquals(Level.RED, lock.level());
        assertEquals(ts + 5_000, lock.raisedAt());
        Alert emergency = awaitAlert("veh-808-06", "terminal-emergency");
        assertEquals(Level.RED, emergency.level());
        assertEquals(ts + 10_000, emergency.raisedAt());
        assertEquals(1L, ((Number) rows("veh-808-06").row(2).get("alarm_bits")).longValue());
    }

    @Test
    void aLiveReportTwentyMinutesBehindRaisesOneBlueClockDriftAlertAndABackfillNone() throws Exception {
        long old = nowSeconds(3_600_000);
        long late = nowSeconds(20 * 60_000);
        List<JsonNode> r = PythonTerminal.run(port, phone(9), 2013, """
                [{"op": "register"}, {"op": "auth"}, {"op": "batch", "reports": [%s]},
                 {"op": "location", "lat": 39.75, "lon": 106.85, "speed": 40, "heading": 10, "acc": true, "lock": 0, "ts": %d},
                 {"op": "location", "lat": 39.751, "lon": 106.85, "speed": 40, "heading": 10, "acc": true, "lock": 0, "ts": %d}]"""
                .formatted(reports(3, 39.6, 30, old), late, late + 10_000));
        assertGeneral(r.get(2), "0x0704", 0);
        assertGeneral(r.get(3), "0x0200", 0);
        assertGeneral(r.get(4), "0x0200", 0);
        Alert drift = awaitAlert("veh-808-09", "quality-clock-drift");
        assertEquals(Level.BLUE, drift.level());
        // raised by the first live report: the hour-old backfill before it raised nothing
        assertEquals(late, drift.raisedAt(), drift.toString());
        assertTrue(drift.open(), drift.toString());
        assertTrue(drift.message().contains("数据异常：设备时钟偏差") && drift.message().contains("behind arrival"), drift.message());
        long driftMs = ((Number) drift.evidence().get("drift_ms")).longValue();
        assertTrue(driftMs >= 20 * 60_000 - 10_000 && driftMs < 21 * 60_000, drift.toString());
        assertEquals(300_000L, ((Number) drift.evidence().get("tolerance_ms")).longValue());
        AlertFilter blue = new AlertFilter(EnumSet.of(Level.BLUE), null, null, null, "veh-808-09", null,
                AlertFilter.State.ALL, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Alert> all = gw.app.alerts().alerts(blue, 10).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, all.size(), "exactly one blue alert for the vehicle, for both late reports: " + all);
    }

    private Alert awaitAlert(String device, String rule) throws Exception {
        AlertFilter filter = new AlertFilter(EnumSet.allOf(Level.class), null, null, null, device, rule,
                AlertFilter.State.ALL, Long.MIN_VALUE, Long.MAX_VALUE);
        return org.awaitility.Awaitility.await("alert " + rule + " for " + device).atMost(java.time.Duration.ofSeconds(10))
                .until(() -> gw.app.alerts().alerts(filter, 10).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS),
                        found -> !found.isEmpty())
                .get(0);
    }

    @Test
    void reconnectTakesOverAndIdleConnectionsAreClosed() throws Exception {
        try (PythonTerminal first = PythonTerminal.start(port, phone(7), 2013,
                "[{\"op\": \"register\"}, {\"op\": \"auth\"}, {\"op\": \"heartbeat_until_close\"}]")) {
            JsonNode reg = first.next();
            assertReply(reg, "0x8100", 0);
            assertGeneral(first.next(), "0x0102", 0);
            long takeovers = gw.app.jt808().stats().takeovers();
            // the terminal comes back on a new connection with the code it holds
            List<JsonNode> second = PythonTerminal.run(port, phone(7), 2013,
                    "[{\"op\": \"auth\", \"code\": \"" + reg.get("auth_code").asText() + "\"}, {\"op\": \"heartbeat\"}]");
            assertGeneral(second.get(0), "0x0102", 0);
            assertGeneral(second.get(1), "0x0002", 0);
            assertEquals(true, first.next().get("closed").asBoolean(), "the old connection is closed");
            assertEquals(0, first.waitFor());
            assertEquals(takeovers + 1, gw.app.jt808().stats().takeovers());
        }
        // a connection without messages for jt808.idle_timeout_ms (5 s here) is closed by the sweep
        List<JsonNode> idle = PythonTerminal.run(port, phone(8), 2013, "[{\"op\": \"register\"}, {\"op\": \"auth\"}, {\"op\": \"wait_close\"}]");
        assertEquals(true, idle.get(2).get("closed").asBoolean());
        long ms = idle.get(2).get("waited_ms").asLong();
        assertTrue(ms >= 4900 && ms < 5000 + 2000, "closed " + ms + " ms after the last message");
        assertEquals(false, gw.app.jt808().sessions().connected("veh-808-08"));
    }
}
