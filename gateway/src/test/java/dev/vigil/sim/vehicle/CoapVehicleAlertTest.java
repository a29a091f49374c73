package dev.vigil.sim.vehicle;

import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.rules.Alert;
import dev.vigil.rules.Level;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance path: a simulated tanker streams over CoAP into the whole gateway (real
 * pipeline, InfluxDB, rules engine with the shipped profile rules and the Wuhai zones), opens its
 * e-lock at the roadside, and the red "lock opened outside an authorised zone" alert is raised at
 * the time of the reading that shows it.
 */
@InfluxTest
class CoapVehicleAlertTest {

    @Test
    void lockOpenedEnRouteRaisesARedAlert(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, """
                rules: %s
                zones: ../zones/wuhai
                coap:
                  host: 127.0.0.1
                  port: 0
                """.formatted(rules));
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("veh-0001", "hazmat-vehicle"), ConfigLoader.load(config, Map.of()));
             CoapClients clients = new CoapClients(URI.create("coap://127.0.0.1:" + gw.app.coapPort()))) {
            UplinkStats stats = new UplinkStats();
            CoapUplink uplink = new CoapUplink("veh-0001", clients.forToken(gw.tokens.get("veh-0001")), false, stats);
            VehicleModel model = new VehicleModel("veh-0001", Scenario.LOCK_EN_ROUTE, 60, 0, 7);
            long t0 = System.currentTimeMillis() - 20 * 60_000;
            VehicleFleet fleet = new VehicleFleet(List.of(new VehicleFleet.Member(model, uplink)), new SimClock(t0, 0, 1));
            long unlockedAt = -1;
            long storedAtNanos = 0;
            for (int i = 0; i < 240 && unlockedAt < 0; i++) { // at most 20 simulated minutes, one reading per 5 s
                long ts = t0 + i * 5000L;
                fleet.tick(ts);
                awaitDelivered(uplink);
                if (model.atRoadside() && "unlocked".equals(model.reading(ts).get("lock"))) {
                    unlockedAt = ts;
                    storedAtNanos = System.nanoTime();
                }
            }
            assertTrue(unlockedAt > 0, "the scenario opened the lock");
            AlertFilter filter = new AlertFilter(EnumSet.of(Level.RED), null, null, null, "veh-0001",
                    "lock-opened-outside-authorised-zone", AlertFilter.State.ALL, Long.MIN_VALUE, Long.MAX_VALUE);
            List<Alert> alerts = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (alerts.isEmpty() && System.nanoTime() < deadline) {
                alerts = gw.app.rules().alerts(filter, 10).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (alerts.isEmpty()) Thread.sleep(20);
            }
            long latencyMs = (System.nanoTime() - storedAtNanos) / 1_000_000;
            assertEquals(1, alerts.size(), "one red alert");
            Alert a = alerts.get(0);
            assertEquals(Level.RED, a.level());
            assertEquals(unlockedAt, a.raisedAt(), "raised at the time of the reading that showed the open lock");
            System.out.println("red alert visible " + latencyMs + " ms after the 2.04 of the reading that opened the lock");
        }
    }

    private static void awaitDelivered(CoapUplink uplink) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (uplink.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(0, uplink.pending(), "readings still pending");
    }
}
