package dev.vigil.gateway.mqtt;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device that connects again while its previous connection is still open takes the session
 * over: the old connection is closed (MQTT 5: DISCONNECT 0x8E Session taken over), the new one
 * publishes and its reading is stored, and the gateway logs no error on the way.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttTakeoverTest {
    private static final int SESSION_TAKEN_OVER = 0x8E;

    private TestGateway gw;
    private InfluxDatabase db;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = TestGateway.start(dir, db, Map.of("elv-0001", "elevator", "elv-0002", "elevator"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @BeforeEach
    void captureLog() {
        log.list.clear();
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root.detachAppender(log);
    }

    @Test
    void mqtt5TakeoverDisconnectsTheOldClientWithSessionTakenOver() throws Exception {
        AtomicReference<MqttDisconnectResponse> oldDisconnected = new AtomicReference<>();
        MqttAsyncClient first = connect5("elv-0001", oldDisconnected);
        MqttAsyncClient second = connect5("elv-0001", new AtomicReference<>());

        Awaitility.await("the first client to be disconnected").atMost(Duration.ofSeconds(10))
                .until(() -> oldDisconnected.get() != null);
        assertEquals(SESSION_TAKEN_OVER, oldDisconnected.get().getReturnCode());
        assertEquals("another connection of device elv-0001 took the session over", oldDisconnected.get().getReasonString());
        assertFalse(first.isConnected());

        long ts = System.currentTimeMillis() - 1000;
        IMqttToken t = second.publish("devices/elv-0001/telemetry", message("{\"ts\": " + ts + ", \"floor\": 7}"));
        t.waitForCompletion(10_000);
        assertEquals(List.of(0), reasonCodes(t));
        assertEquals(List.of(7L), storedFloors("elv-0001", ts));
        second.disconnect().waitForCompletion(10_000);
        first.close(true);
        second.close();
        assertCleanTakeoverLogged("elv-0001");
    }

    @Test
    void mqtt311TakeoverClosesTheOldConnection() throws Exception {
        AtomicReference<Throwable> lost = new AtomicReference<>();
        org.eclipse.paho.client.mqttv3.MqttAsyncClient first = connect311("elv-0002", lost);
        org.eclipse.paho.client.mqttv3.MqttAsyncClient second = connect311("elv-0002", new AtomicReference<>());

        Awaitility.await("the first client to lose its connection").atMost(Duration.ofSeconds(10))
                .until(() -> lost.get() != null);
        assertFalse(first.isConnected());

        long ts = System.currentTimeMillis() - 1000;
        org.eclipse.paho.client.mqttv3.MqttMessage m = new org.eclipse.paho.client.mqttv3.MqttMessage(
                ("{\"ts\": " + ts + ", \"floor\": 9}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        second.publish("devices/elv-0002/telemetry", m).waitForCompletion(10_000);
        assertEquals(List.of(9L), storedFloors("elv-0002", ts));
        second.disconnect().waitForCompletion(10_000);
        first.close(true);
        second.close();
        assertCleanTakeoverLogged("elv-0002");
    }

    private void assertCleanTakeoverLogged(String device) {
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage()
                        .equals("device " + device + " connected again; closing its previous connection")),
                "the takeover is logged");
        List<String> bad = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName()
                        + ": " + e.getThrowableProxy().getMessage()))
                .toList();
        assertEquals(List.of(), bad, "no error or exception logged");
    }

    private List<Long> storedFloors(String device, long ts) {
        QueryResult.Series s = db.query("SELECT floor FROM elevator WHERE device = '" + device + "' AND time = " + ts + "ms").single();
        return s.column("floor").stream().map(v -> ((Number) v).longValue()).toList();
    }

    private MqttAsyncClient connect5(String device, AtomicReference<MqttDisconnectResponse> disconnected) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), device + "-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override public void disconnected(MqttDisconnectResponse r) { disconnected.set(r); }
            @Override public void mqttErrorOccurred(MqttException e) { }
            @Override public void messageArrived(String topic, MqttMessage m) { }
            @Override public void deliveryComplete(IMqttToken token) { }
            @Override public void connectComplete(boolean reconnect, String uri) { }
            @Override public void authPacketArrived(int reasonCode, MqttProperties p) { }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(gw.tokens.get(device).getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private org.eclipse.paho.client.mqttv3.MqttAsyncClient connect311(String device, AtomicReference<Throwable> lost)
            throws org.eclipse.paho.client.mqttv3.MqttException {
        org.eclipse.paho.client.mqttv3.MqttAsyncClient c = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(gw.mqttUri(),
                device + "-" + System.nanoTime(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        c.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override public void connectionLost(Throwable cause) { lost.set(cause); }
            @Override public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) { }
            @Override public void deliveryComplete(IMqttDeliveryToken token) { }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(device);
        o.setPassword(gw.tokens.get(device).toCharArray());
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static MqttMessage message(String json) {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    private static List<Integer> reasonCodes(IMqttToken t) {
        return java.util.Arrays.stream(t.getReasonCodes()).boxed().toList();
    }
}
