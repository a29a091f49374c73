package dev.vigil.gateway.devices;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running gateway follows its registry file: a device added with the real
 * {@link RegistryWriter} (what {@code vigil device add} does) can connect and is stored; a broken
 * file is refused (named in {@code /health}) and the previous registry keeps running; a removed
 * device is disconnected with MQTT 5 reason 0x87 not authorized.
 */
@InfluxTest
class RegistryReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static MqttAsyncClient connect(TestGateway gw, String id, String token, AtomicInteger disconnectReason)
            throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), id + "-" + System.nanoTime(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override public void disconnected(MqttDisconnectResponse r) { disconnectReason.set(r.getReturnCode()); }
            @Override public void mqttErrorOccurred(MqttException e) { }
            @Override public void messageArrived(String topic, MqttMessage message) { }
            @Override public void deliveryComplete(IMqttToken token) { }
            @Override public void connectComplete(boolean reconnect, String serverURI) { }
            @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(token.getBytes(StandardCharsets.UTF_8));
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static void publishFloor(MqttAsyncClient c, String id, int floor) throws MqttException {
        MqttMessage m = new MqttMessage(("{\"floor\": " + floor + "}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        c.publish("devices/" + id + "/telemetry", m).waitForCompletion(10_000);
    }

    private static long lastFloor(InfluxDatabase db, String id) {
        return ((Number) db.query("SELECT last(floor) FROM elevator WHERE device = '" + id + "'")
                .series().get(0).values().get(0).get(1)).longValue();
    }

    private static JsonObject health(TestGateway gw) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    /** The registry text without the block of device {@code id}. */
    private static String without(String text, String id) {
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        for (String line : text.split("\n", -1)) {
            if (line.strip().startsWith("- id:")) skipping = line.contains(id);
            if (!skipping) out.add(line);
        }
        return String.join("\n", out);
    }

    @Test
    void addedDeviceConnectsBrokenFileIsRefusedRemovedDeviceIsDisconnected(InfluxDatabase db, @TempDir Path dir) throws Exception {
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-old-1", "elevator"))) {
            Path file = dir.resolve("devices.yaml");
            var profiles = ProfileLoader.loadDirectory(TestGateway.PROFILES);
            String token = RegistryWriter.add(file, new Device("elv-new-1", "elevator", "测试企业 Test Co., Ltd",
                    "wuhai-haibowan", Map.of(), null, null), profiles);
            await().atMost(WAIT).until(() -> gw.app.registry().byId("elv-new-1") != null);
            MqttAsyncClient added = connect(gw, "elv-new-1", token, new AtomicInteger(-1));
            publishFloor(added, "elv-new-1", 7);
            assertEquals(7, lastFloor(db, "elv-new-1"));

            String good = Files.readString(file);
            Files.writeString(file, good + "  - id: elv-bad-1\n    profile: no-such-profile\n");
            await().atMost(WAIT).until(() -> health(gw).containsKey("registry_refused"));
            assertTrue(health(gw).getString("registry_refused").contains("no-such-profile"), health(gw).encode());
            publishFloor(added, "elv-new-1", 8);
            assertEquals(8, lastFloor(db, "elv-new-1"));
            assertNotNull(gw.app.registry().byId("elv-old-1"));

            AtomicInteger oldReason = new AtomicInteger(-1);
            MqttAsyncClient old = connect(gw, "elv-old-1", gw.tokens.get("elv-old-1"), oldReason);
            Files.writeString(file, without(good, "elv-old-1"));
            await().atMost(WAIT).until(() -> gw.app.registry().byId("elv-old-1") == null);
            await().atMost(WAIT).until(() -> !old.isConnected());
            assertEquals(0x87, oldReason.get(), "a removed device is told: not authorized");
            assertTrue(!health(gw).containsKey("registry_refused"), "the good file is in force again");
            publishFloor(added, "elv-new-1", 9);
            assertEquals(9, lastFloor(db, "elv-new-1"));
            added.disconnect().waitForCompletion(5_000);
        }
    }
}
