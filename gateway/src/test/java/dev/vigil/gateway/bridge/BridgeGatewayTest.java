package dev.vigil.gateway.bridge;

import java.time.Duration;
import org.awaitility.Awaitility;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Rejection;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.MosquittoServer;
import dev.vigil.testkit.QueryResult;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two whole gateways (pipeline, real InfluxDB sink) bridged to one real Mosquitto through one MQTT 5
 * shared subscription: every reading published to the site broker is stored exactly once, with
 * its values, and both gateways carry part of the load.
 */
@InfluxTest
class BridgeGatewayTest {

    @Test
    void twoGatewaysSplitASiteBrokersTelemetryAndStoreEachReadingOnce(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Map<String, String> devices = Map.of("elv-0001", "elevator", "elv-0002", "elevator");
        try (MosquittoServer broker = MosquittoServer.start();
             TestGateway one = TestGateway.start(Files.createDirectory(dir.resolve("one")), db, devices, bridged(broker, "gw-one"));
             TestGateway two = TestGateway.start(Files.createDirectory(dir.resolve("two")), db, devices, bridged(broker, "gw-two"))) {
            MqttClient site = new MqttClient(broker.uri(), "site-publisher", new MemoryPersistence());
            site.connect();
            long base = System.currentTimeMillis() - 600_000;
            int n = 100;
            Map<Long, Long> expectedFloor = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String device = i % 2 == 0 ? "elv-0001" : "elv-0002";
                long floor = i % 25;
                publish(site, "devices/" + device + "/telemetry", "{\"ts\": " + (base + i) + ", \"floor\": " + floor
                        + ", \"direction\": \"up\", \"door\": \"closed\", \"occupied\": true, \"speed\": 1.75, \"running\": true}");
                expectedFloor.put(base + i, floor);
            }
            publish(site, "devices/elv-0001/telemetry", "{\"floor\": \"seven\"}");
            publish(site, "devices/elv-0404/telemetry", "{\"floor\": 7}");

            MqttBridge a = one.app.bridge();
            MqttBridge b = two.app.bridge();
            waitFor(() -> a.stats().accepted() + b.stats().accepted() + a.stats().refusedTotal() + b.stats().refusedTotal() == n + 2,
                    "every message to be stored or refused");
            assertEquals(n + 2, a.stats().received() + b.stats().received());
            assertEquals(n, a.stats().accepted() + b.stats().accepted());
            site.disconnect();
            site.close();

            QueryResult.Series s = db.query("SELECT floor, direction, door, occupied, speed, running FROM elevator"
                    + " WHERE time >= " + base + "ms ORDER BY time").single();
            assertEquals(n, s.size(), "points stored");
            Map<Long, Long> storedFloor = new HashMap<>();
            for (int i = 0; i < s.size(); i++) {
                Map<String, Object> row = s.row(i);
                storedFloor.put(((Number) row.get("time")).longValue(), ((Number) row.get("floor")).longValue());
                assertEquals("up", row.get("direction"));
                assertEquals("closed", row.get("door"));
                assertEquals(true, row.get("occupied"));
                assertEquals(1.75, ((Number) row.get("speed")).doubleValue());
                assertEquals(true, row.get("running"));
            }
            assertEquals(expectedFloor, storedFloor);
            assertEquals(List.of("elv-0001", "elv-0002"), db.query("SHOW TAG VALUES FROM elevator WITH KEY = device")
                    .single().column("value").stream().map(String::valueOf).toList());

            assertTrue(a.stats().accepted() > 0 && b.stats().accepted() > 0,
                    "both gateways take a share: " + a.stats().accepted() + " / " + b.stats().accepted());
            assertEquals(n, one.app.pipeline().stats().accepted("bridge") + two.app.pipeline().stats().accepted("bridge"));
            assertEquals(1, a.stats().refused("wrong_type") + b.stats().refused("wrong_type"));
            assertEquals(1, a.stats().refused("unknown_device") + b.stats().refused("unknown_device"));
            assertEquals(1, one.app.pipeline().stats().refused("bridge", Rejection.Reason.WRONG_TYPE)
                    + two.app.pipeline().stats().refused("bridge", Rejection.Reason.WRONG_TYPE));
        }
    }

    private static GatewayConfig bridged(MosquittoServer broker, String clientId) {
        GatewayConfig d = GatewayConfig.defaults();
        BridgeConfig bridge = new BridgeConfig(true, broker.uri(), clientId, null, null, null, "vigil", 1, true, 60_000L, 1000);
        return d.withBridge(bridge);
    }

    private static void publish(MqttClient client, String topic, String json) throws MqttException, InterruptedException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        // Paho frees an in-flight slot on its callback thread just after publish() returns, so a fast
        // loop can briefly find the window full: retried until there is room; any other error fails at once
        org.awaitility.Awaitility.await("room in Paho's in-flight window").atMost(java.time.Duration.ofSeconds(5)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(10)).until(() -> {
                    try {
                        client.publish(topic, m);
                        return true;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) throw e;
                        return false;
                    }
                });
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }
}
