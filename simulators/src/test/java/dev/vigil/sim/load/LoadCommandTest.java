package dev.vigil.sim.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sim.SimulatorCli;
import dev.vigil.testkit.MosquittoServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator against a real Mosquitto, with an independent Paho subscriber: every
 * publish it counts as acknowledged arrived, in order per device, with the readings it claims.
 */
class LoadCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAcknowledgedPublishArrivesInOrderWithItsReading(@TempDir Path dir) throws Exception {
        try (MosquittoServer broker = MosquittoServer.start()) {
            Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
            MqttClient sub = new MqttClient("tcp://127.0.0.1:" + broker.port(), "load-test-sub", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            sub.connect(o);
            sub.subscribe("devices/+/telemetry", 1);
            sub.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}
                @Override public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) {}
                @Override public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) {}
                @Override public void connectComplete(boolean reconnect, String uri) {}
                @Override public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
                @Override public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) throws Exception {
                    received.computeIfAbsent(topic.split("/")[1], k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(JSON.readTree(new String(m.getPayload(), StandardCharsets.UTF_8)));
                }
            });
            Path tokens = dir.resolve("tokens.txt");
            Files.writeString(tokens, "# fleet\nld-000001=t1\nld-000002=t2\nld-000003=t3\nld-000004=t4\n");
            Path summary = dir.resolve("summary.json");
            long started = System.currentTimeMillis();
            int rc = new CommandLine(new SimulatorCli()).execute("load", "--port", String.valueOf(broker.port()),
                    "--tokens", tokens.toString(), "--devices", "3", "--rate", "300", "--duration", "2", "--qos", "1",
                    "--source-addresses", "2", "--overspeed-every", "5", "--summary", summary.toString());
            long ended = System.currentTimeMillis();
            assertEquals(0, rc);
            JsonNode s = JSON.readTree(summary.toFile());
            long sent = s.get("sent").asLong();
            assertTrue(sent > 0, "nothing sent");
            assertEquals(sent, s.get("acknowledged").asLong());
            assertEquals(0, s.get("refused").asLong());
            assertEquals(0, s.get("unanswered_at_end").asLong());
            assertEquals(3, s.get("devices").asInt());
            assertEquals(sent, s.get("latency_ms").get("count").asLong());

            Awaitility.await("the subscriber to see all " + sent + " readings").atMost(Duration.ofSeconds(10))
                    .until(() -> received.values().stream().mapToInt(List::size).sum() >= sent);
            sub.disconnect();
            sub.close();
            assertEquals(sent, received.values().stream().mapToInt(List::size).sum());
            assertEquals(List.of("ld-000001", "ld-000002", "ld-000003"), received.keySet().stream().sorted().toList());
            for (Map.Entry<String, List<JsonNode>> e : received.entrySet()) {
                List<JsonNode> readings = e.getValue();
                // device k of 3 starts at reading number k * 5 / 3 (0, 1, 3): its overspeeds at another phase
                int device = Integer.parseInt(e.getKey().substring(3)) - 1;
                long previous = Long.MIN_VALUE;
                for (int i = 0; i < readings.size(); i++) {
                    int seq = device * 5 / 3 + i;
                    JsonNode r = readings.get(i);
                    // stamped when sent: after the run started, before it ended, 1 ms apart at least
                    long ts = r.get("ts").asLong();
                    assertTrue(ts > previous && ts >= started && ts <= ended, "ts " + ts + " after " + previous + " in " + started + ".." + ended);
                    previous = ts;
                    assertEquals(seq % 30, r.get("floor").asInt());
                    boolean overspeed = seq % 5 == 4;
                    String direction = overspeed ? "up" : List.of("stop", "up", "down").get(seq % 3);
                    assertEquals(direction, r.get("direction").asText());
                    boolean moving = !"stop".equals(direction);
                    // consistent: the car moves with its door closed, and stands still otherwise
                    assertEquals(moving ? "closed" : List.of("closed", "open", "closing", "opening").get(seq / 3 % 4),
                            r.get("door").asText());
                    assertEquals(overspeed ? 3.0 : moving ? 1.0 + (seq % 7) / 10.0 : 0.0, r.get("speed").asDouble());
                }
            }
        }
    }

    @Test
    void aMalformedTokenLineIsNamedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.txt");
        Files.writeString(tokens, "ld-000001=t1\nld-000002\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TokenFile.read(tokens, 2));
        assertEquals(tokens + ":2: expected id=token, got 'ld-000002'", e.getMessage());
    }
}
