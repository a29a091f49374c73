package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vigil.gateway.alerts.AlertTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook sink against a real HTTP server that fails the first attempts: each alert event at
 * or above the minimum level is POSTed as JSON, retried with doubling pauses until accepted, in
 * order; events below the minimum level are not sent.
 */
@InfluxTest
class AlertWebhookTest {

    /** One request the test server received. */
    record Hit(long nanos, String contentType, String eventHeader, JsonObject body, int answered) {}

    @Test
    void eventsArePostedWithRetriesAndBackoff(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Vertx peer = Vertx.vertx();
        List<Hit> hits = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        HttpServer server = peer.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            // the first two requests fail with 503, the rest succeed
            int status = n.incrementAndGet() <= 2 ? 503 : 204;
            hits.add(new Hit(System.nanoTime(), req.getHeader("Content-Type"), req.getHeader("X-Vigil-Event"),
                    new JsonObject(b), status));
            req.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        String rules = TRAPPED_RULES + """
                  - id: test-stopped-outside
                    version: 1
                    name: {zh: 非平层停梯, en: Stopped outside the door zone}
                    kind: expression
                    when: '!running && !in_door_zone'
                    level: yellow
                """;
        Path rulesDir = dir.resolve("rules");
        writeRules(rulesDir, "elevator-test.yaml", rules);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rulesDir.toString(), null)
                .withAlerts(null, new GatewayConfig.Webhook("http://127.0.0.1:" + server.actualPort() + "/hook", 2000L, 3, 100L, "orange", 10_000));
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-4401", "elevator"), base)) {
            long t0 = System.currentTimeMillis() - 600_000;
            MqttAsyncClient c = connect(gw, "elv-4401");
            // yellow: not sent (min_level orange)
            elevator(c, "elv-4401", t0, false, "closed", false, false);
            // orange raised at t0 + 30 s (the yellow one clears at t0 + 10 s)
            elevator(c, "elv-4401", t0 + 10_000, true, "closed", true, false);
            elevator(c, "elv-4401", t0 + 30_000, true, "closed", true, false);
            // cleared at t0 + 40 s
            elevator(c, "elv-4401", t0 + 40_000, true, "open", true, false);
            c.disconnect().waitForCompletion(5_000);
            await(15, "four webhook requests", () -> hits.size() >= 4);
            staysTrue(300, "no fifth webhook request", () -> hits.size() == 4);
            String id = "elv-4401/test-trapped/" + (t0 + 30_000);
            for (int i = 0; i < 3; i++) {
                Hit h = hits.get(i);
                assertEquals("raised", h.body().getString("kind"));
                assertEquals(id, h.body().getString("alert_id"));
                assertEquals("orange", h.body().getString("level"));
                assertEquals(t0 + 30_000, h.body().getLong("time"));
                assertEquals("application/json; charset=utf-8", h.contentType());
                assertEquals("raised", h.eventHeader());
            }
            assertEquals(List.of(503, 503, 204, 204), hits.stream().map(Hit::answered).toList());
            // backoff 100 ms, then 200 ms
            assertTrue(hits.get(1).nanos() - hits.get(0).nanos() >= TimeUnit.MILLISECONDS.toNanos(100));
            assertTrue(hits.get(2).nanos() - hits.get(1).nanos() >= TimeUnit.MILLISECONDS.toNanos(200));
            JsonObject cleared = hits.get(3).body();
            assertEquals("cleared", cleared.getString("kind"));
            assertEquals(id, cleared.getString("alert_id"));
            assertEquals(t0 + 40_000, cleared.getLong("time"));
        } finally {
            peer.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** An event that fails every attempt is given up after max_retries; the next event is still delivered. */
    @Test
    void eventFailingEveryAttemptIsDroppedAndTheNextOneDelivered(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Vertx peer = Vertx.vertx();
        List<Hit> hits = new CopyOnWriteArrayList<>();
        HttpServer server = peer.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            JsonObject body = new JsonObject(b);
            // RAISED is refused every time, everything else accepted
            int status = "raised".equals(body.getString("kind")) ? 500 : 200;
            hits.add(new Hit(System.nanoTime(), req.getHeader("Content-Type"), req.getHeader("X-Vigil-Event"), body, status));
            req.response().setStatusCode(status).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Path rulesDir = dir.resolve("rules");
        writeRules(rulesDir, "elevator-test.yaml", TRAPPED_RULES);
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, rulesDir.toString(), null)
                .withAlerts(null, GatewayConfig.Webhook.defaults().to("http://127.0.0.1:" + server.actualPort() + "/hook", 2000L, 1, 50L));
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-4402", "elevator"), base)) {
            long t0 = System.currentTimeMillis() - 600_000;
            MqttAsyncClient c = connect(gw, "elv-4402");
            elevator(c, "elv-4402", t0, true, "closed", true, false);
            elevator(c, "elv-4402", t0 + 20_000, true, "closed", true, false);
            elevator(c, "elv-4402", t0 + 21_000, false, "open", true, false);
            c.disconnect().waitForCompletion(5_000);
            await(15, "three webhook requests", () -> hits.size() >= 3);
            staysTrue(300, "no fourth webhook request", () -> hits.size() == 3);
            assertEquals(List.of("raised", "raised", "cleared"),
                    hits.stream().map(h -> h.body().getString("kind")).toList());
            assertEquals(List.of(500, 500, 200), hits.stream().map(Hit::answered).toList());
        } finally {
            peer.close().await(10, TimeUnit.SECONDS);
        }
    }
}
