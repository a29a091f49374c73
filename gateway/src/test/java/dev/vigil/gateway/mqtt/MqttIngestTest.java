package dev.vigil.gateway.mqtt;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Rejection;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's MQTT endpoint end to end: the real Paho MQTT 5 client publishes, the real
 * InfluxDB stores, and every refusal comes back as a PUBACK reason code with a reason string
 * while a well-behaved device on the same gateway keeps flowing.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttIngestTest {
    private static final int PAYLOAD_FORMAT_INVALID = 0x99;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int TOPIC_NAME_INVALID = 0x90;
    private static final int BAD_USERNAME_OR_PASSWORD = 0x86;

    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = TestGateway.start(dir, db, Map.of("elv-0001", "elevator", "elv-0002", "elevator",
                "elv-0003", "elevator", "elv-0004", "elevator"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private MqttAsyncClient connect(String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        if (password != null) o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** PUBACK outcome of one QoS 1 publish: reason code and reason string. */
    record Ack(int code, String reason) {}

    private static Ack publish(MqttAsyncClient c, String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = c.publish(topic, m);
        try {
            t.waitForCompletion(10_000);
        } catch (MqttException e) {
            // Paho reports an error PUBACK as an exception carrying the reason code.
            String reason = t.getResponseProperties() == null ? null : t.getResponseProperties().getReasonString();
            return new Ack(e.getReasonCode(), reason);
        }
        int code = t.getReasonCodes() == null || t.getReasonCodes().length == 0 ? 0 : t.getReasonCodes()[0];
        String reason = t.getResponseProperties() == null ? null : t.getResponseProperties().getReasonString();
        return new Ack(code, reason);
    }

    @Test
    void acknowledgedReadingIsStoredWithExactValuesAndTags() throws Exception {
        MqttAsyncClient c = connect("elv-0001", gw.tokens.get("elv-0001"));
        long ts = System.currentTimeMillis() - 5_000;
        Ack ack = publish(c, "devices/elv-0001/telemetry", "{\"ts\": " + ts + ", \"floor\": 7, \"direction\": \"up\","
                + " \"door\": \"closed\", \"occupied\": true, \"speed\": 1.62, \"running\": true, \"in_door_zone\": false}");
        assertEquals(new Ack(0, null), ack);
        // PUBACK means stored: the reading must be queryable now, without waiting.
        QueryResult r = db.query("SELECT * FROM elevator WHERE device = 'elv-0001'");
        QueryResult.Series s = r.single();
        assertEquals(1, s.size());
        Map<String, Object> row = s.row(0);
        assertEquals(7L, ((Number) row.get("floor")).longValue());
        assertEquals("up", row.get("direction"));
        assertEquals("closed", row.get("door"));
        assertEquals(true, row.get("occupied"));
        assertEquals(1.62, ((Number) row.get("speed")).doubleValue());
        assertEquals(true, row.get("running"));
        assertEquals(false, row.get("in_door_zone"));
        assertEquals("测试企业 Test Co., Ltd", row.get("enterprise"));
        assertEquals("wuhai-haibowan", row.get("region"));
        assertEquals(ts, ((Number) row.get("time")).longValue());
        c.disconnect().waitForCompletion(5_000);
    }

    @Test
    void backfillArrayIsStoredAsOnePointPerReading() throws Exception {
        MqttAsyncClient c = connect("elv-0004", gw.tokens.get("elv-0004"));
        long t0 = System.currentTimeMillis() - 3_600_000;
        String payload = "[{\"ts\": " + t0 + ", \"floor\": 1}, {\"ts\": " + (t0 + 60_000) + ", \"floor\": 2},"
                + " {\"ts\": " + (t0 + 120_000) + ", \"floor\": 3}]";
        assertEquals(new Ack(0, null), publish(c, "devices/elv-0004/telemetry", payload));
        QueryResult.Series s = db.query("SELECT floor FROM elevator WHERE device = 'elv-0004' ORDER BY time").single();
        assertEquals(List.of(1L, 2L, 3L), s.column("floor").stream().map(v -> ((Number) v).longValue()).toList());
        assertEquals(t0 + 60_000, ((Number) s.value(1, "time")).longValue());
        c.disconnect().waitForCompletion(5_000);
    }

    @Test
    void everyBadInputIsRefusedWithItsReasonWhileAGoodDeviceKeepsFlowing() throws Exception {
        // A well-behaved device publishes all along on the same gateway.
        MqttAsyncClient good = connect("elv-0003", gw.tokens.get("elv-0003"));
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicInteger acked = new AtomicInteger();
        List<Throwable> goodFailures = new ArrayList<>();
        long base = System.currentTimeMillis() - 600_000;
        Thread flow = new Thread(() -> {
            int i = 0;
            while (run.get()) {
                try {
                    Ack a = publish(good, "devices/elv-0003/telemetry", "{\"ts\": " + (base + i) + ", \"floor\": " + (i % 20) + "}");
                    if (a.code() == 0) acked.incrementAndGet();
                    else goodFailures.add(new AssertionError("good device refused: " + a));
                    i++;
                } catch (Exception e) {
                    goodFailures.add(e);
                    return;
                }
            }
        });
        flow.start();

        MqttAsyncClient bad = connect("elv-0002", gw.tokens.get("elv-0002"));
        String topic = "devices/elv-0002/telemetry";
        long refusedBefore = gw.app.pipeline().stats().refused("mqtt", Rejection.Reason.WRONG_TYPE);

        Ack malformed = publish(bad, topic, "{\"floor\": 3,");
        assertEquals(PAYLOAD_FORMAT_INVALID, malformed.code());
        assertTrue(malformed.reason().startsWith("invalid JSON: "), malformed.reason());

        Ack wrongType = publish(bad, topic, "{\"floor\": \"three\"}");
        assertEquals(new Ack(PAYLOAD_FORMAT_INVALID, "field 'floor': expected integer, got string \"three\""), wrongType);

        Ack unknown = publish(bad, topic, "{\"floor\": 3, \"colour\": \"red\"}");
        assertEquals(PAYLOAD_FORMAT_INVALID, unknown.code());
        assertTrue(unknown.reason().startsWith("unknown field 'colour': profile elevator has [floor, "), unknown.reason());

        Ack range = publish(bad, topic, "{\"floor\": 500}");
        assertEquals(new Ack(PAYLOAD_FORMAT_INVALID, "field 'floor': 500 is outside the valid range [-5, 100]"), range);

        Ack notANumber = publish(bad, topic, "{\"speed\": NaN}");
        assertEquals(PAYLOAD_FORMAT_INVALID, notANumber.code());
        assertTrue(notANumber.reason().startsWith("invalid JSON: "), notANumber.reason());

        long future = System.currentTimeMillis() + 3_600_000;
        Ack skew = publish(bad, topic, "{\"ts\": " + future + ", \"floor\": 1}");
        assertEquals(PAYLOAD_FORMAT_INVALID, skew.code());
        assertTrue(skew.reason().matches("field 'ts': " + future + " is (59|60) min in the future \\(at most 5 min accepted\\)"),
                skew.reason());

        Ack otherTopic = publish(bad, "devices/elv-0001/telemetry", "{\"floor\": 1}");
        assertEquals(new Ack(NOT_AUTHORIZED, "device elv-0002 may not publish to devices/elv-0001/telemetry; "
                + "its topic is devices/elv-0002/telemetry"), otherTopic);

        Ack strangeTopic = publish(bad, "devices/elv-0002/commands", "{\"floor\": 1}");
        assertEquals(TOPIC_NAME_INVALID, strangeTopic.code());

        String huge = "{\"floor\": 1, \"service_mode\": \"normal\"" + " ".repeat(300 * 1024) + "}";
        Ack tooLarge = publish(bad, topic, huge);
        assertEquals(new Ack(PAYLOAD_FORMAT_INVALID, "payload of " + huge.length()
                + " bytes exceeds the limit of 262144 bytes"), tooLarge);

        // The bad device's connection survives its refusals, and nothing it sent was stored.
        assertEquals(new Ack(0, null), publish(bad, topic, "{\"floor\": 4}"));
        QueryResult.Series stored = db.query("SELECT floor FROM elevator WHERE device = 'elv-0002'").single();
        assertEquals(List.of(4L), stored.column("floor").stream().map(v -> ((Number) v).longValue()).toList());
        assertEquals(refusedBefore + 1, gw.app.pipeline().stats().refused("mqtt", Rejection.Reason.WRONG_TYPE));

        // Unknown device and wrong token are refused at CONNECT with 0x86.
        MqttException unknownDevice = assertThrows(MqttException.class, () -> connect("elv-9999", "whatever"));
        assertEquals(BAD_USERNAME_OR_PASSWORD, unknownDevice.getReasonCode());
        MqttException wrongToken = assertThrows(MqttException.class, () -> connect("elv-0002", "not-the-token"));
        assertEquals(BAD_USERNAME_OR_PASSWORD, wrongToken.getReasonCode());

        run.set(false);
        flow.join(10_000);
        assertEquals(List.of(), goodFailures);
        assertTrue(acked.get() > 0, "the good device published nothing");
        QueryResult.Series goodStored = db.query("SELECT count(floor) FROM elevator WHERE device = 'elv-0003'").single();
        assertEquals((long) acked.get(), ((Number) goodStored.value(0, "count")).longValue());
        bad.disconnect().waitForCompletion(5_000);
        good.disconnect().waitForCompletion(5_000);
    }
}
