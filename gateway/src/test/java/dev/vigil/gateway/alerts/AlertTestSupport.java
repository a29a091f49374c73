package dev.vigil.gateway.alerts;

import org.awaitility.Awaitility;
import dev.vigil.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Real clients for the alert tests: Paho MQTT publishing, java.net.http for the API, SSE and WebSocket. */
public final class AlertTestSupport {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An elevator "trapped at a landing" rule held 20 s, clearing when the door opens (test copy, own id). */
    public static final String TRAPPED_RULES = """
            # test rules for the gateway's alert tests
            scope: {profile: elevator}
            rules:
              - id: test-trapped
                version: 3
                name: {zh: 平层困人, en: Passenger trapped at a landing}
                kind: expression
                when: 'occupied && door == "closed" && in_door_zone && !running'
                level: orange
                for: 20s
                clear_when: 'door != "closed" || !occupied'
            """;

    private AlertTestSupport() {}

    public static Path writeRules(Path dir, String name, String text) throws Exception {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + ".tmp");
        Files.writeString(tmp, text);
        return Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Connects a device with its id and token. */
    public static MqttAsyncClient connect(TestGateway gw, String device) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), device + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(gw.tokens.get(device).getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** Publishes one elevator reading at {@code ts} (QoS 1; returns once the gateway stored it). */
    public static void elevator(MqttAsyncClient c, String device, long ts, boolean occupied, String door, boolean inDoorZone,
                         boolean running) throws Exception {
        String json = "{\"ts\": " + ts + ", \"floor\": 3, \"direction\": \"stop\", \"occupied\": " + occupied
                + ", \"door\": \"" + door + "\", \"in_door_zone\": " + inDoorZone + ", \"running\": " + running
                + ", \"speed\": 0.0, \"service_mode\": \"normal\"}";
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        c.publish("devices/" + device + "/telemetry", m).waitForCompletion(10_000);
    }

    public static String base(TestGateway gw) {
        return "http://127.0.0.1:" + gw.app.httpPort();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(TestGateway gw, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(gw) + pathAndQuery)).header("Authorization", TestGateway.ADMIN_AUTH)
                        .timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(TestGateway gw, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base(gw) + path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", TestGateway.ADMIN_AUTH)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A live stream subscription collecting one JSON object per event. */
    public interface Stream extends AutoCloseable {
        /** The next event, or null after {@code seconds}. */
        JsonObject next(long seconds) throws InterruptedException;

        @Override
        void close();
    }

    /** Subscribes via Server-Sent Events; returns once the server confirmed the subscription. */
    static Stream sse(TestGateway gw, String query) throws Exception {
        return sse(gw, query, TestGateway.ADMIN_AUTH);
    }

    /** Subscribes via Server-Sent Events with this Authorization header. */
    public static Stream sse(TestGateway gw, String query, String authorization) throws Exception {
        HttpResponse<InputStream> resp = HTTP.send(HttpRequest.newBuilder(URI.create(base(gw) + "/api/alerts/stream" + query))
                .header("Accept", "text/event-stream").header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            throw new AssertionError("SSE subscribe: HTTP " + resp.statusCode() + " " + new String(resp.body().readAllBytes()));
        }
        if (!resp.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("SSE content type: " + resp.headers().firstValue("content-type"));
        }
        BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8));
        String first = r.readLine();
        if (!": vigil alert stream".equals(first)) throw new AssertionError("SSE first line: " + first);
        BlockingQueue<JsonObject> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("data: ")) q.add(new JsonObject(line.substring(6)));
                }
            } catch (Exception ignored) {
                // closed
            }
        }, "sse-reader");
        t.setDaemon(true);
        t.start();
        return new Stream() {
            public JsonObject next(long seconds) throws InterruptedException {
                return q.poll(seconds, TimeUnit.SECONDS);
            }

            public void close() {
                try {
                    resp.body().close();
                } catch (Exception ignored) {
                    // closing
                }
            }
        };
    }

    /** Subscribes via WebSocket on the same URL. */
    static Stream webSocket(TestGateway gw, String query) throws Exception {
        return webSocket(gw, query, TestGateway.ADMIN_AUTH);
    }

    /** Subscribes via WebSocket with this Authorization header. */
    public static Stream webSocket(TestGateway gw, String query, String authorization) throws Exception {
        BlockingQueue<JsonObject> q = new LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder().header("Authorization", authorization).buildAsync(
                URI.create("ws://127.0.0.1:" + gw.app.httpPort() + "/api/alerts/stream" + query), new WebSocket.Listener() {
                    private final StringBuilder sb = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        sb.append(data);
                        if (last) {
                            q.add(new JsonObject(sb.toString()));
                            sb.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        return new Stream() {
            public JsonObject next(long seconds) throws InterruptedException {
                return q.poll(seconds, TimeUnit.SECONDS);
            }

            public void close() {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
                ws.abort();
            }
        };
    }

    /** Waits until {@code check} is true, polling, for at most {@code seconds}. */
    static void await(long seconds, String what, java.util.function.BooleanSupplier check) {
        Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(50))
                .until(check::getAsBoolean);
    }

    /** Asserts that {@code check} stays true for {@code millis} (nothing more arrives meanwhile). */
    static void staysTrue(long millis, String what, java.util.function.BooleanSupplier check) {
        Awaitility.await(what).during(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 10_000))
                .pollInterval(Duration.ofMillis(20)).until(check::getAsBoolean);
    }

}
