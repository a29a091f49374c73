package dev.vigil.gateway.bridge;

import dev.vigil.gateway.health.AdapterStatus;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.gateway.support.TestPipeline;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.testkit.MosquittoServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The broker bridge against a real Mosquitto: two gateways sharing one MQTT 5 subscription, refused
 * payloads acknowledged and counted, and redelivery of a message whose storage failed.
 */
class MqttBridgeTest {
    private static MosquittoServer mosquitto;
    private static final DeviceRegistry REGISTRY = BridgeTestDevices.registry();

    private final List<Vertx> vertxes = new ArrayList<>();
    private MqttClient publisher;
    private long base;
    /** A group per test: Mosquitto keeps dealing messages to the stored sessions of earlier tests' gateways. */
    private String group;

    @BeforeAll
    static void startBroker() {
        mosquitto = MosquittoServer.start();
    }

    @AfterAll
    static void stopBroker() {
        if (mosquitto != null) mosquitto.close();
    }

    @BeforeEach
    void connectPublisher() throws MqttException {
        publisher = new MqttClient(mosquitto.uri(), "test-publisher-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        publisher.connect(o);
        base = System.currentTimeMillis() - 60_000;
        group = "vigil" + base;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (publisher.isConnected()) publisher.disconnect();
        publisher.close();
        for (Vertx v : vertxes) await(v.close());
    }

    @Test
    void twoGatewaysSharingOneSubscriptionStoreEveryReadingExactlyOnce() throws Exception {
        RecordingSink sinkA = new RecordingSink();
        RecordingSink sinkB = new RecordingSink();
        MqttBridge a = deploy(config("gw-a-" + base), sinkA);
        MqttBridge b = deploy(config("gw-b-" + base), sinkB);

        int n = 200;
        Map<String, Long> expectedFloor = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String device = i % 2 == 0 ? "elv-1" : "elv-2";
            long ts = base + i;
            int floor = i % 30;
            publish(device, "{\"ts\":" + ts + ",\"floor\":" + floor + ",\"door\":\"closed\",\"speed\":1.5,\"occupied\":true}");
            expectedFloor.put(device + "@" + ts, (long) floor);
        }

        waitFor(() -> sinkA.written.size() + sinkB.written.size() >= n, "all " + n + " readings to arrive");
        staysTrue(() -> sinkA.written.size() + sinkB.written.size() == n, Duration.ofSeconds(1), "no duplicate delivery");
        List<Telemetry> all = new ArrayList<>(sinkA.written);
        all.addAll(sinkB.written);
        assertEquals(n, all.size(), "readings stored in total across both gateways");
        Map<String, Long> stored = new HashMap<>();
        for (Telemetry t : all) {
            assertEquals("bridge", t.protocol());
            assertEquals("closed", t.value("door"));
            assertEquals(1.5, t.value("speed"));
            assertEquals(true, t.value("occupied"));
            Long previous = stored.put(t.device().id() + "@" + t.time(), (Long) t.value("floor"));
            assertEquals(null, previous, "reading stored twice: " + t);
        }
        assertEquals(expectedFloor, stored);
        assertTrue(sinkA.written.size() > 0 && sinkB.written.size() > 0,
                "both gateways take a share: A " + sinkA.written.size() + ", B " + sinkB.written.size());
        assertEquals(sinkA.written.size(), a.stats().accepted());
        assertEquals(sinkB.written.size(), b.stats().accepted());
        assertEquals(n, a.stats().received() + b.stats().received());
        assertEquals(0, a.stats().refusedTotal() + b.stats().refusedTotal());
    }

    @Test
    void refusedPayloadsAreAcknowledgedCountedAndNotRedelivered() throws Exception {
        String clientId = "gw-refuse-" + base;
        RecordingSink sink = new RecordingSink();
        Vertx vertx = newVertx();
        MqttBridge bridge = new MqttBridge(config(clientId), REGISTRY, pipeline(sink));
        await(vertx.deployVerticle(bridge));

        publish("elv-1", "{\"ts\":" + base + ",\"floor\":\"three\"}");
        publish("elv-9", "{\"ts\":" + base + ",\"floor\":3}");
        publish("elv-2", "{\"ts\":" + base + ",\"floor\":3");
        publish("elv-1", "{\"ts\":" + base + ",\"floor\":3,\"colour\":\"red\"}");
        publish("elv-2", "{\"ts\":" + (base + 1) + ",\"floor\":120}");
        publish("elv-1", "{\"ts\":" + (base + 2) + ",\"floor\":4}");

        waitFor(() -> bridge.stats().accepted() + bridge.stats().refusedTotal() == 6, "six deliveries handled");
        assertEquals(6, bridge.stats().received());
        assertEquals(1, bridge.stats().refused("wrong_type"));
        assertEquals(1, bridge.stats().refused("unknown_device"));
        assertEquals(1, bridge.stats().refused("malformed"));
        assertEquals(1, bridge.stats().refused("unknown_field"));
        assertEquals(1, bridge.stats().refused("out_of_range"));
        assertEquals(5, bridge.stats().refusedTotal());
        assertEquals(1, bridge.stats().accepted());
        assertEquals(List.of(4L), sink.written.stream().map(t -> t.value("floor")).toList());

        // A new gateway resuming the same session gets nothing back: every message was acknowledged.
        await(vertx.undeploy(bridge.deploymentID()));
        RecordingSink resumed = new RecordingSink();
        BridgeConfig again = new BridgeConfig(true, mosquitto.uri(), clientId, null, null, null, group, 1, false, 300_000L, 1000);
        MqttBridge second = new MqttBridge(again, REGISTRY, pipeline(resumed));
        await(vertx.deployVerticle(second));
        publish("elv-2", "{\"ts\":" + (base + 3) + ",\"floor\":5}");
        waitFor(() -> second.stats().accepted() == 1, "the sentinel reading");
        staysTrue(() -> second.stats().received() == 1, Duration.ofMillis(500), "only the sentinel delivered to the resumed session");
        assertEquals(List.of(5L), resumed.written.stream().map(t -> t.value("floor")).toList());
    }

    @Test
    void storageFailureLeavesTheMessageUnacknowledgedAndTheBrokerRedeliversIt() throws Exception {
        long failing = base + 1;
        RecordingSink sink = new RecordingSink().failOnce(failing);
        MqttBridge bridge = deploy(config("gw-redeliver-" + base), sink);

        publish("elv-1", "{\"ts\":" + base + ",\"floor\":1}");
        publish("elv-1", "{\"ts\":" + failing + ",\"floor\":2}");
        publish("elv-1", "{\"ts\":" + (base + 2) + ",\"floor\":3}");

        waitFor(() -> sink.written.size() >= 3, "three readings stored");
        staysTrue(() -> sink.written.size() == 3, Duration.ofMillis(500), "no further delivery");
        assertEquals(List.of(base, failing, base + 2), sink.written.stream().map(Telemetry::time).sorted().toList());
        assertEquals(2, sink.attempts(failing), "the failed message was delivered again");
        assertEquals(1, sink.attempts(base));
        assertEquals(1, sink.attempts(base + 2));
        assertEquals(2L, sink.written.stream().filter(t -> t.time() == failing).findFirst().orElseThrow().value("floor"));
        assertEquals(1, bridge.stats().unacknowledged());
        assertEquals(3, bridge.stats().accepted());
        assertEquals(4, bridge.stats().received());
        assertEquals(1, bridge.stats().reconnects());
    }

    @Test
    void reconnectsAndSubscribesAgainAfterTheBrokerRestarts() throws Exception {
        try (MosquittoServer own = MosquittoServer.start()) {
            RecordingSink sink = new RecordingSink();
            BridgeConfig c = new BridgeConfig(true, own.uri(), "gw-restart-" + base, null, null, null, group, 1, false, 300_000L, 1000);
            MqttBridge bridge = new MqttBridge(c, REGISTRY, pipeline(sink));
            AdapterStatus status = new AdapterStatus();
            bridge.reportTo(status);
            await(newVertx().deployVerticle(bridge));
            publishTo(own, "elv-1", "{\"ts\":" + base + ",\"floor\":1}");
            waitFor(() -> sink.written.size() == 1, "the reading before the restart");

            own.stop();
            waitFor(() -> isDown(status), "the bridge to notice the broker is gone"); // its reconnect attempts are refused
            own.restart(); // no persistence: the broker forgot the session and the subscription
            waitFor(() -> bridge.stats().subscriptions() == 2, "the bridge to reconnect and subscribe again");
            assertEquals(1, bridge.stats().reconnects());
            publishTo(own, "elv-2", "{\"ts\":" + (base + 1) + ",\"floor\":2}");
            waitFor(() -> sink.written.size() == 2, "the reading after the restart");
            assertEquals(List.of(1L, 2L), sink.written.stream().map(t -> t.value("floor")).toList());
            assertEquals(List.of("elv-1", "elv-2"), sink.written.stream().map(t -> t.device().id()).toList());
        }
    }

    @Test
    void topicsThatNameNoDeviceAreRefusedUnderAWideFilter() throws Exception {
        RecordingSink sink = new RecordingSink();
        BridgeConfig c = new BridgeConfig(true, mosquitto.uri(), "gw-wide-" + base, null, null, "devices/#", group, 1, true, 300_000L, 1000);
        MqttBridge bridge = new MqttBridge(c, REGISTRY, pipeline(sink));
        await(newVertx().deployVerticle(bridge));
        publishRaw("devices/elv-1/status", "{\"floor\":1}");
        publishRaw("devices/me/telemetry", "{\"floor\":1}");
        publish("elv-1", "{\"ts\":" + base + ",\"floor\":6}");
        waitFor(() -> bridge.stats().accepted() + bridge.stats().refusedTotal() == 3, "three deliveries handled");
        assertEquals(3, bridge.stats().received());
        assertEquals(2, bridge.stats().refused("topic_invalid"));
        assertEquals(List.of(6L), sink.written.stream().map(t -> t.value("floor")).toList());
    }

    @Test
    void theBrokerHoldsBackMessagesBeyondReceiveMaximumUntilTheStoredOnesAreAcknowledged() throws Exception {
        RecordingSink sink = new RecordingSink().hold();
        BridgeConfig c = new BridgeConfig(true, mosquitto.uri(), "gw-window-" + base, null, null, null, group, 1, true, 300_000L, 5);
        MqttBridge bridge = new MqttBridge(c, REGISTRY, pipeline(sink));
        await(newVertx().deployVerticle(bridge));
        for (int i = 0; i < 12; i++) publish("elv-1", "{\"ts\":" + (base + i) + ",\"floor\":" + i + "}");

        waitFor(() -> sink.heldCount() == 5, "five writes waiting for storage");
        staysTrue(() -> sink.heldCount() == 5 && bridge.stats().received() == 5, Duration.ofMillis(500),
                "the broker sends no more than receive_maximum unacknowledged messages");
        assertEquals(0, bridge.stats().accepted());
        // Once those are stored and acknowledged, the broker sends the rest.
        sink.release();
        waitFor(() -> bridge.stats().accepted() == 12, "all twelve stored");
        assertEquals(12, bridge.stats().received());
        assertEquals(12, sink.written.size());
    }

    @Test
    void theWatchdogReconnectsWhenPahoDoesNot() throws Exception {
        try (MosquittoServer own = MosquittoServer.start()) {
            RecordingSink sink = new RecordingSink();
            BridgeConfig c = new BridgeConfig(true, own.uri(), "gw-watchdog-" + base, null, null, null, group, 1, false, 300_000L, 1000);
            MqttBridge bridge = new MqttBridge(c, () -> REGISTRY, pipeline(sink), 1_000, false);
            AdapterStatus status = new AdapterStatus();
            bridge.reportTo(status);
            await(newVertx().deployVerticle(bridge));
            own.stop();
            waitFor(() -> isDown(status), "the watchdog to notice the broker is gone");
            own.restart();
            waitFor(() -> bridge.stats().subscriptions() == 2, "the watchdog to reconnect and subscribe again");
            publishTo(own, "elv-1", "{\"ts\":" + base + ",\"floor\":9}");
            waitFor(() -> sink.written.size() == 1, "the reading after the restart");
            assertEquals(9L, sink.written.get(0).value("floor"));
        }
    }

    private static void publishTo(MosquittoServer broker, String device, String json) throws MqttException {
        MqttClient once = new MqttClient(broker.uri(), "test-once-" + System.nanoTime(), new MemoryPersistence());
        once.connect();
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        once.publish("devices/" + device + "/telemetry", m);
        once.disconnect();
        once.close();
    }

    @Test
    void startFailsWithTheBrokerNamedWhenItCannotConnect() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BridgeConfig c = BridgeConfig.of("tcp://127.0.0.1:" + closedPort, "gw-nobroker");
        Future<String> deployed = newVertx().deployVerticle(new MqttBridge(c, REGISTRY, pipeline(new RecordingSink())));
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> await(deployed));
        assertEquals("bridge gw-nobroker: cannot subscribe to $share/vigil/devices/+/telemetry on tcp://127.0.0.1:"
                + closedPort + ": Unable to connect to server", e.getCause().getMessage());
    }

    private BridgeConfig config(String clientId) {
        return new BridgeConfig(true, mosquitto.uri(), clientId, null, null, null, group, 1, true, 300_000L, 1000);
    }

    private MqttBridge deploy(BridgeConfig config, RecordingSink sink) throws Exception {
        MqttBridge bridge = new MqttBridge(config, REGISTRY, pipeline(sink));
        await(newVertx().deployVerticle(bridge));
        return bridge;
    }

    /** The real pipeline over the test registry, storing into {@code sink}. */
    private TelemetryPipeline pipeline(RecordingSink sink) {
        return TestPipeline.over(newVertx(), REGISTRY, sink);
    }

    private static boolean isDown(AdapterStatus status) {
        AdapterStatus.Report r = status.get("bridge");
        return r != null && r.state() == AdapterStatus.State.DOWN;
    }

    private Vertx newVertx() {
        Vertx v = Vertx.vertx();
        vertxes.add(v);
        return v;
    }

    private void publish(String device, String json) throws MqttException, InterruptedException {
        publishRaw("devices/" + device + "/telemetry", json);
    }

    private void publishRaw(String topic, String json) throws MqttException, InterruptedException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        // Paho frees an in-flight slot on its callback thread just after publish() returns, so a fast
        // loop can briefly find the window full: retried until there is room; any other error fails at once
        org.awaitility.Awaitility.await("room in Paho's in-flight window").atMost(java.time.Duration.ofSeconds(5)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(10)).until(() -> {
                    try {
                        publisher.publish(topic, m);
                        return true;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) throw e;
                        return false;
                    }
                });
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(20))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            fail(e.getMessage() + "\nbroker log:\n" + mosquitto.logTail(60));
        }
    }

    /** Asserts that a condition holds throughout {@code period} (nothing more arrives meanwhile). */
    private static void staysTrue(BooleanSupplier condition, Duration period, String what) {
        Awaitility.await(what).during(period).atMost(period.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
