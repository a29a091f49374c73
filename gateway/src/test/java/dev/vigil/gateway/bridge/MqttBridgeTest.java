package dev.vigil.gateway.bridge;

import dev.vigil.gateway.bridge.BridgeTestDevices.RecordingPipeline;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.testkit.MosquittoServer;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
        RecordingPipeline pipelineA = new RecordingPipeline(REGISTRY);
        RecordingPipeline pipelineB = new RecordingPipeline(REGISTRY);
        MqttBridge a = deploy(config("gw-a-" + base), pipelineA);
        MqttBridge b = deploy(config("gw-b-" + base), pipelineB);

        int n = 200;
        Map<String, Long> expectedFloor = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String device = i % 2 == 0 ? "elv-1" : "elv-2";
            long ts = base + i;
            int floor = i % 30;
            publish(device, "{\"ts\":" + ts + ",\"floor\":" + floor + ",\"door\":\"closed\",\"speed\":1.5,\"occupied\":true}");
            expectedFloor.put(device + "@" + ts, (long) floor);
        }

        waitFor(() -> pipelineA.accepted.size() + pipelineB.accepted.size() >= n, "all " + n + " readings to arrive");
        Thread.sleep(1000); // any duplicate delivery would arrive within this second
        List<Telemetry> all = new ArrayList<>(pipelineA.accepted);
        all.addAll(pipelineB.accepted);
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
        assertTrue(pipelineA.accepted.size() > 0 && pipelineB.accepted.size() > 0,
                "both gateways take a share: A " + pipelineA.accepted.size() + ", B " + pipelineB.accepted.size());
        assertEquals(pipelineA.accepted.size(), a.stats().accepted());
        assertEquals(pipelineB.accepted.size(), b.stats().accepted());
        assertEquals(n, a.stats().received() + b.stats().received());
        assertEquals(0, a.stats().refusedTotal() + b.stats().refusedTotal());
    }

    @Test
    void refusedPayloadsAreAcknowledgedCountedAndNotRedelivered() throws Exception {
        String clientId = "gw-refuse-" + base;
        RecordingPipeline pipeline = new RecordingPipeline(REGISTRY);
        Vertx vertx = newVertx();
        MqttBridge bridge = new MqttBridge(config(clientId), REGISTRY, pipeline);
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
        assertEquals(List.of(4L), pipeline.accepted.stream().map(t -> t.value("floor")).toList());

        // A new gateway resuming the same session gets nothing back: every message was acknowledged.
        await(vertx.undeploy(bridge.deploymentID()));
        RecordingPipeline resumed = new RecordingPipeline(REGISTRY);
        BridgeConfig again = new BridgeConfig(true, mosquitto.uri(), clientId, null, null, null, group, 1, false, 300_000L, 1000);
        MqttBridge second = new MqttBridge(again, REGISTRY, resumed);
        await(vertx.deployVerticle(second));
        publish("elv-2", "{\"ts\":" + (base + 3) + ",\"floor\":5}");
        waitFor(() -> second.stats().accepted() == 1, "the sentinel reading");
        Thread.sleep(500);
        assertEquals(1, second.stats().received(), "deliveries to the resumed session");
        assertEquals(List.of(5L), resumed.accepted.stream().map(t -> t.value("floor")).toList());
    }

    @Test
    void storageFailureLeavesTheMessageUnacknowledgedAndTheBrokerRedeliversIt() throws Exception {
        long failing = base + 1;
        RecordingPipeline pipeline = new RecordingPipeline(REGISTRY).failStorageOnce(failing);
        MqttBridge bridge = deploy(config("gw-redeliver-" + base), pipeline);

        publish("elv-1", "{\"ts\":" + base + ",\"floor\":1}");
        publish("elv-1", "{\"ts\":" + failing + ",\"floor\":2}");
        publish("elv-1", "{\"ts\":" + (base + 2) + ",\"floor\":3}");

        waitFor(() -> pipeline.accepted.size() >= 3, "three readings stored");
        Thread.sleep(500);
        assertEquals(List.of(base, failing, base + 2), pipeline.accepted.stream().map(Telemetry::time).sorted().toList());
        assertEquals(2, pipeline.attempts.get(failing).get(), "the failed message was delivered again");
        assertEquals(1, pipeline.attempts.get(base).get());
        assertEquals(1, pipeline.attempts.get(base + 2).get());
        assertEquals(2L, pipeline.accepted.stream().filter(t -> t.time() == failing).findFirst().orElseThrow().value("floor"));
        assertEquals(1, bridge.stats().unacknowledged());
        assertEquals(3, bridge.stats().accepted());
        assertEquals(4, bridge.stats().received());
        assertEquals(1, bridge.stats().reconnects());
    }

    @Test
    void reconnectsAndSubscribesAgainAfterTheBrokerRestarts() throws Exception {
        try (MosquittoServer own = MosquittoServer.start()) {
            RecordingPipeline pipeline = new RecordingPipeline(REGISTRY);
            BridgeConfig c = new BridgeConfig(true, own.uri(), "gw-restart-" + base, null, null, null, group, 1, false, 300_000L, 1000);
            MqttBridge bridge = new MqttBridge(c, REGISTRY, pipeline);
            await(newVertx().deployVerticle(bridge));
            publishTo(own, "elv-1", "{\"ts\":" + base + ",\"floor\":1}");
            waitFor(() -> pipeline.accepted.size() == 1, "the reading before the restart");

            own.stop();
            Thread.sleep(2500); // the bridge's first reconnect attempts are refused
            own.restart(); // no persistence: the broker forgot the session and the subscription
            waitFor(() -> bridge.stats().subscriptions() == 2, "the bridge to reconnect and subscribe again");
            assertEquals(1, bridge.stats().reconnects());
            publishTo(own, "elv-2", "{\"ts\":" + (base + 1) + ",\"floor\":2}");
            waitFor(() -> pipeline.accepted.size() == 2, "the reading after the restart");
            assertEquals(List.of(1L, 2L), pipeline.accepted.stream().map(t -> t.value("floor")).toList());
            assertEquals(List.of("elv-1", "elv-2"), pipeline.accepted.stream().map(t -> t.device().id()).toList());
        }
    }

    @Test
    void topicsThatNameNoDeviceAreRefusedUnderAWideFilter() throws Exception {
        RecordingPipeline pipeline = new RecordingPipeline(REGISTRY);
        BridgeConfig c = new BridgeConfig(true, mosquitto.uri(), "gw-wide-" + base, null, null, "devices/#", group, 1, true, 300_000L, 1000);
        MqttBridge bridge = new MqttBridge(c, REGISTRY, pipeline);
        await(newVertx().deployVerticle(bridge));
        publishRaw("devices/elv-1/status", "{\"floor\":1}");
        publishRaw("devices/me/telemetry", "{\"floor\":1}");
        publish("elv-1", "{\"ts\":" + base + ",\"floor\":6}");
        waitFor(() -> bridge.stats().accepted() + bridge.stats().refusedTotal() == 3, "three deliveries handled");
        assertEquals(3, bridge.stats().received());
        assertEquals(2, bridge.stats().refused("topic_invalid"));
        assertEquals(List.of(6L), pipeline.accepted.stream().map(t -> t.value("floor")).toList());
    }

    @Test
    void theBrokerHoldsBackMessagesBeyondReceiveMaximumUntilTheStoredOnesAreAcknowledged() throws Exception {
        List<Promise<Void>> held = new CopyOnWriteArrayList<>();
        TelemetryPipeline holding = new TelemetryPipeline() {
            @Override
            public Future<Void> accept(RawMessage message) {
                Promise<Void> p = Promise.promise();
                held.add(p);
                return p.future();
            }

            @Override
            public void refused(String protocol, String who, dev.vigil.profile.Rejection rejection) { }
            public Future<Void> acceptDecoded(List<Telemetry> readings) {
                throw new UnsupportedOperationException();
            }
        };
        BridgeConfig c = new BridgeConfig(true, mosquitto.uri(), "gw-window-" + base, null, null, null, group, 1, true, 300_000L, 5);
        MqttBridge bridge = new MqttBridge(c, REGISTRY, holding);
        await(newVertx().deployVerticle(bridge));
        for (int i = 0; i < 12; i++) publish("elv-1", "{\"ts\":" + (base + i) + ",\"floor\":" + i + "}");

        waitFor(() -> held.size() == 5, "five messages in the pipeline");
        Thread.sleep(500);
        assertEquals(5, held.size(), "the broker sends no more than receive_maximum unacknowledged messages");
        assertEquals(0, bridge.stats().accepted());
        // Once those are stored and acknowledged, the broker sends the rest.
        held.forEach(Promise::complete);
        waitFor(() -> held.size() == 12, "the other seven messages");
        held.forEach(Promise::tryComplete);
        waitFor(() -> bridge.stats().accepted() == 12, "all twelve stored");
        assertEquals(12, bridge.stats().received());
    }

    @Test
    void theWatchdogReconnectsWhenPahoDoesNot() throws Exception {
        try (MosquittoServer own = MosquittoServer.start()) {
            RecordingPipeline pipeline = new RecordingPipeline(REGISTRY);
            BridgeConfig c = new BridgeConfig(true, own.uri(), "gw-watchdog-" + base, null, null, null, group, 1, false, 300_000L, 1000);
            MqttBridge bridge = new MqttBridge(c, () -> REGISTRY, pipeline, 1_000, false);
            await(newVertx().deployVerticle(bridge));
            own.stop();
            Thread.sleep(1500);
            own.restart();
            waitFor(() -> bridge.stats().subscriptions() == 2, "the watchdog to reconnect and subscribe again");
            publishTo(own, "elv-1", "{\"ts\":" + base + ",\"floor\":9}");
            waitFor(() -> pipeline.accepted.size() == 1, "the reading after the restart");
            assertEquals(9L, pipeline.accepted.peek().value("floor"));
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
        Future<String> deployed = newVertx().deployVerticle(new MqttBridge(c, REGISTRY, new RecordingPipeline(REGISTRY)));
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> await(deployed));
        assertEquals("bridge gw-nobroker: cannot subscribe to $share/vigil/devices/+/telemetry on tcp://127.0.0.1:"
                + closedPort + ": Unable to connect to server", e.getCause().getMessage());
    }

    private BridgeConfig config(String clientId) {
        return new BridgeConfig(true, mosquitto.uri(), clientId, null, null, null, group, 1, true, 300_000L, 1000);
    }

    private MqttBridge deploy(BridgeConfig config, RecordingPipeline pipeline) throws Exception {
        MqttBridge bridge = new MqttBridge(config, REGISTRY, pipeline);
        await(newVertx().deployVerticle(bridge));
        return bridge;
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
        for (int attempt = 0; ; attempt++) {
            try {
                publisher.publish(topic, m);
                return;
            } catch (MqttException e) {
                // Paho frees an in-flight slot on its callback thread a moment after publish()
                // returns, so a fast loop can briefly find the window full.
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt > 100) throw e;
                Thread.sleep(10);
            }
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 40_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) fail("timed out waiting for " + what + "\nbroker log:\n" + mosquitto.logTail(60));
            Thread.sleep(20);
        }
    }
}
