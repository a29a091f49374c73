package dev.vigil.gateway.health;

import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import org.awaitility.Awaitility;
import dev.vigil.gateway.support.Http;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /health} and {@code /ready} against a private influxd that the test stops and starts:
 * ready only while InfluxDB answers and every adapter is up; alive all along.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadyHealthTest {
    private InfluxServer influx;
    private TestGateway gw;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        influx = InfluxServer.start();
        InfluxDatabase db = new InfluxDatabase(influx, influx.freshDatabase("ready"));
        gw = TestGateway.start(dir, db, Map.of("elv-0001", "elevator"));
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
        if (influx != null) influx.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return Http.get(gw.app.httpPort(), path);
    }

    /** GET /ready until it answers {@code status} (InfluxDB takes a moment to come back), at most 10 s. */
    private HttpResponse<String> readyUntil(int status) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Awaitility.await("/ready to answer " + status).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last.set(get("/ready"));
                    return last.get().statusCode() == status;
                });
        return last.get();
    }

    @Test
    void readyFollowsInfluxDbAndAdaptersWhileHealthStaysUp() throws Exception {
        HttpResponse<String> ready = get("/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject body = new JsonObject(ready.body());
        assertEquals("READY", body.getString("status"));
        JsonObject storage = body.getJsonObject("storage");
        assertEquals("UP", storage.getString("status"));
        assertEquals("influxdb", storage.getString("kind"));
        assertEquals(influx.url(), storage.getString("url"));
        JsonObject mqtt = body.getJsonObject("adapters").getJsonObject("mqtt");
        assertEquals("UP", mqtt.getString("status"));
        assertEquals("listening on 127.0.0.1:" + gw.app.mqttPort(), mqtt.getString("detail"));

        influx.stop();
        try {
            HttpResponse<String> down = get("/ready");
            assertEquals(503, down.statusCode(), down.body());
            JsonObject d = new JsonObject(down.body());
            assertEquals("NOT_READY", d.getString("status"));
            assertEquals("DOWN", d.getJsonObject("storage").getString("status"));
            assertTrue(d.getJsonObject("storage").getString("error").startsWith("GET /ping failed: "), down.body());
            assertEquals("UP", d.getJsonObject("adapters").getJsonObject("mqtt").getString("status"));

            HttpResponse<String> health = get("/health");
            assertEquals(200, health.statusCode());
            JsonObject h = new JsonObject(health.body());
            assertEquals("UP", h.getString("status"));
            assertEquals(1, h.getInteger("devices"));
            assertEquals(0, h.getInteger("mqtt_connections"));
        } finally {
            influx.restart();
        }
        HttpResponse<String> back = readyUntil(200);
        assertEquals(200, back.statusCode(), back.body());
        assertEquals("UP", new JsonObject(back.body()).getJsonObject("storage").getString("status"));
    }

    @Test
    void anAdapterThatIsDownMakesTheGatewayNotReady() throws Exception {
        gw.app.adapterStatus().down("bridge", "broker tcp://10.0.0.9:1883 unreachable: connection refused");
        try {
            HttpResponse<String> r = get("/ready");
            assertEquals(503, r.statusCode(), r.body());
            JsonObject bridge = new JsonObject(r.body()).getJsonObject("adapters").getJsonObject("bridge");
            assertEquals("DOWN", bridge.getString("status"));
            assertEquals("broker tcp://10.0.0.9:1883 unreachable: connection refused", bridge.getString("detail"));
            gw.app.adapterStatus().up("bridge", "connected to tcp://10.0.0.9:1883");
            HttpResponse<String> ok = get("/ready");
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("UP", new JsonObject(ok.body()).getJsonObject("adapters").getJsonObject("bridge").getString("status"));
        } finally {
            gw.app.adapterStatus().remove("bridge");
        }
    }
}
