package dev.vigil.gateway.mqtt;

import java.time.Duration;
import org.awaitility.Awaitility;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients other than Paho 5: mosquitto_pub (MQTT 5 and 3.1.1), Paho's MQTT 3.1.1 client with
 * ThingsBoard's access-token convention, and QoS 0.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttOtherClientsTest {
    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = TestGateway.start(dir, db, Map.of("elv-0101", "elevator", "elv-0102", "elevator",
                "tb-0001", "elevator", "veh-0001", "hazmat-vehicle"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    record Run(int exit, String output) {}

    private Run mosquittoPub(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(gw.app.mqttPort())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mosquitto_pub did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    private long count(String measurement, String field, String device) {
        QueryResult r = db.query("SELECT count(" + field + ") FROM " + measurement + " WHERE device = '" + device + "'");
        return r.isEmpty() ? 0 : ((Number) r.single().value(0, "count")).longValue();
    }

    @Test
    void mosquittoPubMqtt5QoS1IsStored() throws Exception {
        long ts = System.currentTimeMillis() - 1000;
        Run r = mosquittoPub("-V", "mqttv5", "-q", "1", "-i", "mp-5", "-u", "elv-0101", "-P", gw.tokens.get("elv-0101"),
                "-t", "devices/elv-0101/telemetry", "-m", "{\"ts\": " + ts + ", \"floor\": -2, \"door\": \"opening\"}");
        assertEquals(new Run(0, ""), r);
        QueryResult.Series s = db.query("SELECT floor, door FROM elevator WHERE device = 'elv-0101'").single();
        assertEquals(-2L, ((Number) s.value(0, "floor")).longValue());
        assertEquals("opening", s.value(0, "door"));
        assertEquals(ts, ((Number) s.value(0, "time")).longValue());
    }

    @Test
    void mosquittoPubMqtt311IsStoredAndWrongPasswordRefused() throws Exception {
        Run ok = mosquittoPub("-V", "mqttv311", "-q", "1", "-u", "elv-0102", "-P", gw.tokens.get("elv-0102"),
                "-t", "devices/elv-0102/telemetry", "-m", "{\"floor\": 12, \"running\": false}");
        assertEquals(new Run(0, ""), ok);
        assertEquals(1, count("elevator", "floor", "elv-0102"));

        Run refused = mosquittoPub("-V", "mqttv311", "-q", "1", "-u", "elv-0102", "-P", "wrong",
                "-t", "devices/elv-0102/telemetry", "-m", "{\"floor\": 13}");
        assertTrue(refused.exit() != 0, "wrong password accepted: " + refused);
        assertTrue(refused.output().toLowerCase().contains("bad user name or password"), refused.output());

        Run refused5 = mosquittoPub("-V", "mqttv5", "-q", "1", "-u", "elv-0102", "-P", "wrong",
                "-t", "devices/elv-0102/telemetry", "-m", "{\"floor\": 13}");
        assertTrue(refused5.exit() != 0, "wrong password accepted over MQTT 5: " + refused5);
        assertTrue(refused5.output().toLowerCase().contains("bad user name or password"), refused5.output());
        assertEquals(1, count("elevator", "floor", "elv-0102"));
    }

    @Test
    void thingsBoardConventionWithPahoMqtt311() throws Exception {
        MqttClient c = new MqttClient(gw.mqttUri(), "tb-client", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(gw.tokens.get("veh-0001")); // ThingsBoard: the access token is the user name
        c.connect(o);
        long ts = System.currentTimeMillis() - 2000;
        c.publish("v1/devices/me/telemetry", ("{\"ts\": " + ts + ", \"values\": {\"lat\": 39.6553, \"lon\": 106.7945,"
                + " \"speed\": 62.5, \"lock\": \"locked\", \"gnss_fix\": true}}").getBytes(StandardCharsets.UTF_8), 1, false);
        QueryResult.Series s = db.query("SELECT lat, lon, speed, lock, gnss_fix FROM \"hazmat-vehicle\" WHERE device = 'veh-0001'").single();
        assertEquals(39.6553, ((Number) s.value(0, "lat")).doubleValue());
        assertEquals(106.7945, ((Number) s.value(0, "lon")).doubleValue());
        assertEquals(62.5, ((Number) s.value(0, "speed")).doubleValue());
        assertEquals("locked", s.value(0, "lock"));
        assertEquals(true, s.value(0, "gnss_fix"));
        assertEquals(ts, ((Number) s.value(0, "time")).longValue());
        c.disconnect();

        MqttClient intruder = new MqttClient(gw.mqttUri(), "tb-intruder", new MemoryPersistence());
        MqttConnectOptions bad = new MqttConnectOptions();
        bad.setUserName("not-a-token");
        MqttSecurityException e = assertThrows(MqttSecurityException.class, () -> intruder.connect(bad));
        assertEquals(MqttSecurityException.REASON_CODE_FAILED_AUTHENTICATION, e.getReasonCode());
    }

    @Test
    void qos0ReadingIsStoredToo() throws Exception {
        Run r = mosquittoPub("-V", "mqttv5", "-q", "0", "-u", "tb-0001", "-P", gw.tokens.get("tb-0001"),
                "-t", "devices/tb-0001/telemetry", "-m", "{\"floor\": 21}");
        assertEquals(new Run(0, ""), r);
        Awaitility.await("the QoS 0 reading to be stored").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> count("elevator", "floor", "tb-0001") > 0);
        QueryResult.Series s = db.query("SELECT floor FROM elevator WHERE device = 'tb-0001'").single();
        assertEquals(21L, ((Number) s.value(0, "floor")).longValue());
    }
}
