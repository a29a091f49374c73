package dev.vigil.sim.elevator;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import dev.vigil.sim.SimulatorCli;
import dev.vigil.testkit.MosquittoServer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vigil simulate elevators} against a real Mosquitto, read back by an independent Paho subscriber. */
class ElevatorsCommandTest {
    private static final Path PROFILES = Path.of("..", "device-profiles", "profiles");

    @Test
    void fleetPublishesValidReadingsAndTheTrappedScenarioShows(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.txt");
        Files.writeString(tokens, "# simulated lifts\nelv-a=tok-a\n\nelv-b=tok-b\nelv-c=tok-c\n");
        Map<String, List<String>> payloads = new ConcurrentHashMap<>();
        try (MosquittoServer broker = MosquittoServer.start()) {
            MqttClient subscriber = new MqttClient(broker.uri(), "test-subscriber", new MemoryPersistence());
            subscriber.connect(new MqttConnectionOptions());
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("devices/+/telemetry", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) ->
                            payloads.computeIfAbsent(topic, k -> new CopyOnWriteArrayList<>()).add(new String(m.getPayload()))});

            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new SimulatorCli());
            cli.setOut(new PrintWriter(out, true));
            int code = cli.execute("elevators", "--tokens", tokens.toString(), "--broker", broker.uri(),
                    "--interval", "200ms", "--seed", "7", "--scenario", "trapped", "--scenario-device", "elv-b",
                    "--scenario-after", "1s", "--duration", "5s", "--progress", "1s");
            String text = out.toString();
            assertEquals(0, code, text);
            awaitEveryReadingSeen(text, payloads);
            subscriber.disconnect();
            subscriber.close();

            assertTrue(text.contains("simulating 3 elevators against " + broker.uri() + "; fault 'trapped' on elv-b after 1 s"), text);
            assertTrue(text.contains("elv-b: fault 'trapped' injected"), text);
            Matcher last = Pattern.compile("elevators: 0/3 connected, sent (\\d+), acked (\\d+), failed (\\d+) \\(stopped\\)").matcher(text);
            assertTrue(last.find(), text);
            int sent = Integer.parseInt(last.group(1));
            assertEquals(sent, Integer.parseInt(last.group(2)), "every reading acknowledged");
            assertEquals(0, Integer.parseInt(last.group(3)));
            assertEquals(sent, payloads.values().stream().mapToInt(List::size).sum(), "readings the subscriber saw");

            DeviceProfile profile = elevatorProfile();
            TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
            assertEquals(List.of("devices/elv-a/telemetry", "devices/elv-b/telemetry", "devices/elv-c/telemetry"),
                    payloads.keySet().stream().sorted().toList());
            for (Map.Entry<String, List<String>> e : payloads.entrySet()) {
                Device device = new Device(e.getKey().split("/")[1], "elevator", "", "", Map.of(), null, null);
                List<Telemetry> readings = new ArrayList<>();
                for (String json : e.getValue()) {
                    readings.addAll(decoder.decode(device, profile, TelemetryDecoder.parseJson(json.getBytes()), System.currentTimeMillis(), "mqtt"));
                }
                assertTrue(readings.stream().allMatch(t -> t.presentCount() == 11), "every field in every reading");
                assertTrue(readings.stream().allMatch(t -> "normal".equals(t.value("service_mode")) && "mains".equals(t.value("power"))));
            }
            List<String> b = payloads.get("devices/elv-b/telemetry");
            Telemetry trapped = decoder.decode(new Device("elv-b", "elevator", "", "", Map.of(), null, null), profile,
                    TelemetryDecoder.parseJson(b.get(b.size() - 1).getBytes()), System.currentTimeMillis(), "mqtt").get(0);
            assertEquals(true, trapped.value("occupied"), trapped.toString());
            assertEquals("closed", trapped.value("door"));
            assertEquals(true, trapped.value("in_door_zone"));
            assertEquals(false, trapped.value("running"));
            assertEquals(3L, trapped.value("fault_code"));
        }
    }

    @Test
    void eachCarRunsAtItsRatedSpeedFromTheRegistry(@TempDir Path dir) throws Exception {
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(PROFILES);
        Path registry = dir.resolve("devices.yaml");
        Path tokens = dir.resolve("tokens.txt");
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, Double> d : Map.of("elv-slow", 1.0, "elv-fast", 2.5).entrySet()) {
            String token = RegistryWriter.add(registry, new Device(d.getKey(), "elevator", "Test Co.", "test",
                    Map.of("rated_speed", d.getValue()), null, null), profiles);
            lines.append(d.getKey()).append('=').append(token).append('\n');
        }
        Files.writeString(tokens, lines);
        Map<String, List<String>> payloads = new ConcurrentHashMap<>();
        try (MosquittoServer broker = MosquittoServer.start()) {
            MqttClient subscriber = new MqttClient(broker.uri(), "test-subscriber", new MemoryPersistence());
            subscriber.connect(new MqttConnectionOptions());
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("devices/+/telemetry", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) ->
                            payloads.computeIfAbsent(topic.split("/")[1], k -> new CopyOnWriteArrayList<>()).add(new String(m.getPayload()))});
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new SimulatorCli());
            cli.setOut(new PrintWriter(out, true));
            // Overspeed drives elv-slow at 1.3 x its own rated speed from the registry, not the default 1.75.
            assertEquals(0, cli.execute("elevators", "--tokens", tokens.toString(), "--registry", registry.toString(),
                    "--profiles", PROFILES.toString(), "--broker", broker.uri(), "--interval", "200ms", "--seed", "3",
                    "--scenario", "overspeed", "--scenario-device", "elv-slow", "--scenario-after", "0s",
                    "--duration", "6s", "--progress", "10s"), out.toString());
            awaitEveryReadingSeen(out.toString(), payloads);
            subscriber.disconnect();
            subscriber.close();
        }
        assertEquals(1.3, maxSpeed(payloads.get("elv-slow")), 1e-9, "overspeed relative to the registry's 1.0 m/s");
    }

    /** Waits until the subscriber has seen as many readings as the command's last progress line says it sent. */
    private static void awaitEveryReadingSeen(String output, Map<String, List<String>> payloads) {
        Matcher last = Pattern.compile("sent (\\d+), acked \\d+, failed \\d+ \\(stopped\\)").matcher(output);
        assertTrue(last.find(), output);
        int sent = Integer.parseInt(last.group(1));
        assertTrue(sent > 0, output);
        Awaitility.await("the subscriber to see all " + sent + " readings").atMost(Duration.ofSeconds(10))
                .until(() -> payloads.values().stream().mapToInt(List::size).sum() >= sent);
    }

    private static double maxSpeed(List<String> jsons) {
        Pattern speed = Pattern.compile("\"speed\":([0-9.]+)");
        double max = 0;
        for (String j : jsons) {
            Matcher m = speed.matcher(j);
            if (m.find()) max = Math.max(max, Double.parseDouble(m.group(1)));
        }
        return max;
    }

    private static DeviceProfile elevatorProfile() {
        return ProfileLoader.loadFile(PROFILES.resolve("elevator.yaml"));
    }
}
