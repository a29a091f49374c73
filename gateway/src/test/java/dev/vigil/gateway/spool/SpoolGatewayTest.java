package dev.vigil.gateway.spool;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.Http;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole gateway over the spool: readings and the alert events they raise take the one spooled path to InfluxDB. */
@InfluxTest
class SpoolGatewayTest {

    private static void until(String what, BooleanSupplier c) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50)).until(c::getAsBoolean);
    }

    @Test
    void startsWhileInfluxIsDownWithRulesAndCasesOnAndAcknowledgesIntoTheSpool(@TempDir Path dir) throws Exception {
        try (TestGateway gw = TestGateway.startSpooledWithoutInflux(dir, Map.of("elv-s2", "elevator"))) {
            MqttAsyncClient c = Devices.mqtt(gw.mqttUri(), "elv-s2", gw.tokens.get("elv-s2"));
            assertEquals(0, Devices.publish(c, "elv-s2", "{\"speed\": 3.0, \"running\": true}"), "acknowledged into the spool");
            c.disconnect().waitForCompletion(5_000);
            c.close();
            until("the reading waits in the spool", () -> gw.spool.accounting().pendingReadings() >= 1);
        }
    }

    @Test
    void readingsAndAlertEventsAreSpooledThenStored(InfluxDatabase db, @TempDir Path dir) throws Exception {
        try (TestGateway gw = TestGateway.startSpooled(dir, db, Map.of("elv-s1", "elevator"), GatewayConfig.defaults())) {
            assertTrue(Files.isDirectory(dir.resolve("spool")), "the spool lives in the test's directory");
            MqttAsyncClient c = Devices.mqtt(gw.mqttUri(), "elv-s1", gw.tokens.get("elv-s1"));
            long t1 = System.currentTimeMillis() - 2_000;
            assertEquals(0, Devices.publish(c, "elv-s1", "{\"ts\": " + t1 + ", \"speed\": 1.0, \"running\": true}"));
            assertEquals(0, Devices.publish(c, "elv-s1", "{\"ts\": " + (t1 + 1_000) + ", \"speed\": 3.0, \"running\": true}"));
            c.disconnect().waitForCompletion(5_000);
            c.close();

            until("both readings in InfluxDB", () -> !db.query("SELECT speed FROM elevator").isEmpty()
                    && db.query("SELECT speed FROM elevator").single().size() == 2);
            assertEquals(List.of(1.0, 3.0), db.query("SELECT speed FROM elevator ORDER BY time").single().column("speed")
                    .stream().map(v -> ((Number) v).doubleValue()).toList());
            until("the overspeed alert event in InfluxDB", () -> !db.query(
                    "SELECT alert_id FROM alert_events WHERE rule = 'overspeed'").isEmpty());
            QueryResult.Series e = db.query("SELECT * FROM alert_events WHERE rule = 'overspeed'").single();
            assertEquals("red", e.value(0, "level"));
            assertEquals("RAISED", e.value(0, "kind"));
            assertEquals(t1 + 1_000, ((Number) e.value(0, "time")).longValue());

            SpoolSink.Accounting a = gw.spool.accounting();
            until("the spool drained", () -> a.pendingReadings() == 0);
            assertTrue(a.appends() >= 3, "two readings and at least one alert batch appended: " + a.appends());
            assertTrue(a.replayedReadings() >= 3, "readings and alert lines replayed: " + a.replayedReadings());
            String metrics = Http.get(gw.app.httpPort(), "/metrics").body();
            assertTrue(metrics.contains("vigil_spool_readings 0.0"), metrics);
            JsonObject ready = new JsonObject(Http.get(gw.app.httpPort(), "/ready").body());
            assertEquals("READY", ready.getString("status"));
            assertEquals("spool", ready.getJsonObject("storage").getString("kind"));
            assertEquals("UP", ready.getJsonObject("storage").getString("status"));
        }
    }
}
