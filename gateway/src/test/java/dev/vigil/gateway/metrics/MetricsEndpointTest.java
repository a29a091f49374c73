package dev.vigil.gateway.metrics;

import java.time.Duration;
import org.awaitility.Awaitility;
import dev.vigil.gateway.support.Http;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static dev.vigil.gateway.metrics.PrometheusText.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} after real traffic: Paho publishes through the gateway into a real InfluxDB,
 * then the Prometheus text must hold exactly what happened.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsEndpointTest {
    private static final int GOOD = 40;
    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = TestGateway.start(dir, db, Map.of("elv-0001", "elevator", "elv-0002", "elevator"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private MqttAsyncClient connect(String id) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), id + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(gw.tokens.get(id).getBytes(StandardCharsets.UTF_8));
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code. */
    private static int publish(MqttAsyncClient c, String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = c.publish(topic, m);
        try {
            t.waitForCompletion(10_000);
        } catch (MqttException e) {
            return e.getReasonCode();
        }
        return t.getReasonCodes() == null || t.getReasonCodes().length == 0 ? 0 : t.getReasonCodes()[0];
    }

    /** Log-in and topic refusals are made by the MQTT adapter, before the pipeline: they are counted too. */
    @Test
    void loginAndTopicRefusalsAreCounted() throws Exception {
        var before = PrometheusText.parse(Http.get(gw.app.httpPort(), "/metrics").body());
        MqttAsyncClient bad = new MqttAsyncClient(gw.mqttUri(), "guess-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("elv-0001");
        o.setPassword("not-the-token".getBytes(StandardCharsets.UTF_8));
        MqttException refused = org.junit.jupiter.api.Assertions.assertThrows(MqttException.class,
                () -> bad.connect(o).waitForCompletion(10_000));
        assertEquals(0x86, refused.getReasonCode());
        MqttAsyncClient a = connect("elv-0001");
        assertEquals(0x87, publish(a, "devices/elv-0002/telemetry", "{\"floor\": 1}"));
        a.disconnect().waitForCompletion(5_000);
        var after = PrometheusText.parse(Http.get(gw.app.httpPort(), "/metrics").body());
        String creds = "vigil_messages_refused_total{protocol=\"mqtt\",reason=\"bad_credentials\"}";
        String topic = "vigil_messages_refused_total{protocol=\"mqtt\",reason=\"not_authorized\"}";
        assertEquals(before.getOrDefault(creds, 0.0) + 1, after.get(creds));
        assertEquals(before.getOrDefault(topic, 0.0) + 1, after.get(topic));
    }

    @Test
    void countersMatchTheTrafficAndTheStoredPoints() throws Exception {
        MqttAsyncClient a = connect("elv-0001");
        MqttAsyncClient b = connect("elv-0002");
        long t0 = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < GOOD; i++) {
            assertEquals(0, publish(a, "devices/elv-0001/telemetry", "{\"ts\": " + (t0 + i) + ", \"floor\": " + (i % 30) + "}"));
        }
        // a backfill array of 3 readings: one message, three readings
        assertEquals(0, publish(b, "devices/elv-0002/telemetry", "[{\"ts\": " + t0 + ", \"floor\": 1}, {\"ts\": "
                + (t0 + 1) + ", \"floor\": 2}, {\"ts\": " + (t0 + 2) + ", \"floor\": 3}]"));
        for (int i = 0; i < 3; i++) assertEquals(0x99, publish(b, "devices/elv-0002/telemetry", "{\"floor\": 3,"));
        for (int i = 0; i < 2; i++) assertEquals(0x99, publish(b, "devices/elv-0002/telemetry", "{\"floor\": 500}"));
        assertEquals(0x99, publish(b, "devices/elv-0002/telemetry", "{\"floor\": \"three\"}"));

        long stored = ((Number) db.query("SELECT count(floor) FROM elevator").single().value(0, "count")).longValue();
        assertEquals(GOOD + 3, stored);

        // One reading at 1.5x the rated speed: the default overspeed rule raises a red alert at once.
        assertEquals(0, publish(a, "devices/elv-0001/telemetry", "{\"ts\": " + (t0 + GOOD) + ", \"speed\": 2.7}"));
        // Rules run beside storage, on their own context: wait until they have seen every stored reading.
        Awaitility.await("the rules to evaluate every stored reading").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> value(PrometheusText.parse(Http.get(gw.app.httpPort(), "/metrics").body()),
                        "vigil_rules_evaluation_seconds_count") >= GOOD + 4);

        HttpResponse<String> resp = Http.get(gw.app.httpPort(), "/metrics");
        assertEquals(200, resp.statusCode());
        assertTrue(resp.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
                resp.headers().toString());
        Map<String, Double> m = PrometheusText.parse(resp.body());

        assertEquals(GOOD + 2 + 6, value(m, "vigil_messages_received_total{protocol=\"mqtt\"}"));
        assertEquals(GOOD + 4, value(m, "vigil_readings_accepted_total{protocol=\"mqtt\"}"));
        assertEquals(3, value(m, "vigil_messages_refused_total{protocol=\"mqtt\",reason=\"malformed\"}"));
        assertEquals(2, value(m, "vigil_messages_refused_total{protocol=\"mqtt\",reason=\"out_of_range\"}"));
        assertEquals(1, value(m, "vigil_messages_refused_total{protocol=\"mqtt\",reason=\"wrong_type\"}"));
        assertTrue(m.keySet().stream().noneMatch(k -> k.contains("reason=\"overloaded\"")), "nothing was overloaded");

        // InfluxDB: every stored point was counted, each write timed, batch sizes add up.
        assertEquals(GOOD + 4, value(m, "vigil_influx_points_written_total"));
        double writes = value(m, "vigil_influx_write_seconds_count{outcome=\"success\"}");
        assertEquals(gw.sink.batchesWritten(), (long) writes);
        assertTrue(writes >= 1);
        assertTrue(value(m, "vigil_influx_write_seconds_sum{outcome=\"success\"}") > 0);
        assertEquals(writes, value(m, "vigil_influx_batch_size_points_count"));
        assertEquals(GOOD + 4, value(m, "vigil_influx_batch_size_points_sum"));
        assertEquals(0, value(m, "vigil_influx_pending"));
        assertEquals(0, value(m, "vigil_influx_points_failed_total"));

        assertEquals(2, value(m, "vigil_devices_connected{protocol=\"mqtt\"}"));
        assertEquals(1, value(m, "vigil_adapter_up{adapter=\"mqtt\"}"));
        assertEquals(1, value(m, "vigil_alerts_open{level=\"red\"}"));
        assertEquals(0, value(m, "vigil_alerts_open{level=\"orange\"}"));
        assertEquals(0, value(m, "vigil_alerts_open{level=\"blue\"}"));
        assertEquals(GOOD + 4, value(m, "vigil_rules_evaluation_seconds_count"));
        assertTrue(value(m, "vigil_rules_evaluation_seconds_sum") > 0);

        b.disconnect().waitForCompletion(5_000);
        a.disconnect().waitForCompletion(5_000);
        long deadline = System.currentTimeMillis() + 5_000;
        double connected;
        do {
            connected = value(PrometheusText.parse(Http.get(gw.app.httpPort(), "/metrics").body()),
                    "vigil_devices_connected{protocol=\"mqtt\"}");
        } while (connected != 0 && System.currentTimeMillis() < deadline);
        assertEquals(0, connected);
    }
}
