package dev.vigil.sim.vehicle;

import java.time.Duration;
import org.awaitility.Awaitility;
import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.rules.Alert;
import dev.vigil.rules.Level;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance path: simulated tankers stream over CoAP into the whole gateway (real
 * pipeline, InfluxDB, rules engine with the shipped hazmat-vehicle rules and the Wuhai zones), and
 * each scenario raises the alert it is meant to. Readings carry simulated times in the recent
 * past, sent as fast as the gateway answers.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoapVehicleAlertTest {
    private TestGateway gw;
    private CoapClients clients;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, """
                rules: %s
                zones: ../zones/wuhai
                coap:
                  host: 127.0.0.1
                  port: 0
                """.formatted(rules));
        Map<String, String> devices = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) devices.put(String.format("veh-%04d", i), "hazmat-vehicle");
        gw = TestGateway.start(dir, db, devices, ConfigLoader.load(config, Map.of()));
        clients = new CoapClients(URI.create("coap://127.0.0.1:" + gw.app.coapPort()));
    }

    @AfterAll
    void stop() throws Exception {
        clients.close();
        gw.close();
    }

    /** Drives one vehicle through a scenario, one reading per simulated 5 s, until {@code done} or {@code minutes} pass. */
    private long drive(String id, Scenario scenario, int minutes, Predicate<VehicleModel> done) throws Exception {
        return drive(id, scenario, minutes, 5, done);
    }

    private long drive(String id, Scenario scenario, int minutes, int stepSeconds, Predicate<VehicleModel> done) throws Exception {
        return drive(id, scenario, minutes, stepSeconds, done, System.currentTimeMillis() - (minutes + 5) * 60_000L);
    }

    private long drive(String id, Scenario scenario, int minutes, int stepSeconds, Predicate<VehicleModel> done, long t0) throws Exception {
        CoapUplink uplink = new CoapUplink(id, clients.forToken(gw.tokens.get(id)), false, new UplinkStats());
        VehicleModel model = new VehicleModel(id, scenario, 60, 0, 7);
        VehicleFleet fleet = new VehicleFleet(List.of(new VehicleFleet.Member(model, uplink)), new SimClock(t0, 0, 1));
        for (int i = 0; i < minutes * 60 / stepSeconds; i++) {
            long ts = t0 + i * stepSeconds * 1000L;
            fleet.tick(ts);
            awaitDelivered(uplink);
            if (done.test(model)) return ts;
        }
        return -1;
    }

    /** The latest start, at least {@code minutes} + 5 ago, of a trip of {@code minutes} that stays out of 02:00-05:00 Asia/Shanghai. */
    static long startOutsideNightDriving(int minutes) {
        java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
        long t0 = System.currentTimeMillis() - (minutes + 5) * 60_000L;
        while (true) {
            java.time.ZonedDateTime from = java.time.Instant.ofEpochMilli(t0).atZone(beijing);
            java.time.ZonedDateTime to = from.plusMinutes(minutes);
            boolean night = false;
            for (java.time.ZonedDateTime day = from.toLocalDate().atStartOfDay(beijing); !day.isAfter(to); day = day.plusDays(1)) {
                java.time.ZonedDateTime n0 = day.plusHours(2), n1 = day.plusHours(5);
                if (from.isBefore(n1) && to.isAfter(n0)) night = true;
            }
            if (!night) return t0;
            t0 -= 5 * 60_000L;
        }
    }

    private List<Alert> alerts(String device, String rule) throws Exception {
        AlertFilter filter = new AlertFilter(EnumSet.allOf(Level.class), null, null, null, device, rule,
                AlertFilter.State.ALL, Long.MIN_VALUE, Long.MAX_VALUE);
        return Awaitility.await("an alert of rule " + rule + " for " + device).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> gw.app.alerts().alerts(filter, 10).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS),
                        found -> !found.isEmpty());
    }

    @Test
    void lockOpenedEnRouteRaisesARedAlertAtTheReadingsTime() throws Exception {
        long[] storedAt = {0};
        long unlockedAt = drive("veh-0001", Scenario.LOCK_EN_ROUTE, 20, m -> {
            storedAt[0] = System.nanoTime();
            return m.atRoadside() && "unlocked".equals(m.lock());
        });
        assertTrue(unlockedAt > 0, "the scenario opened the lock");
        List<Alert> alerts = alerts("veh-0001", "lock-opened-outside-authorised-zone");
        long latencyMs = (System.nanoTime() - storedAt[0]) / 1_000_000;
        assertEquals(1, alerts.size());
        assertEquals(Level.RED, alerts.get(0).level());
        assertEquals(unlockedAt, alerts.get(0).raisedAt(), "raised at the time of the reading that showed the open lock");
        System.out.println("red alert visible " + latencyMs + " ms after the 2.04 of the reading that opened the lock");
    }

    @Test
    void normalTripIsQuiet() throws Exception {
        // an hour: loading at the depot, driving, unloading at a customer with the lock open there; the last hour
        // that does not touch 02:00-05:00 in Beijing, where driving itself is the night-driving rule's warning
        drive("veh-0002", Scenario.NORMAL, 60, 5, m -> false, startOutsideNightDriving(60));
        AlertFilter filter = new AlertFilter(EnumSet.allOf(Level.class), null, null, null, "veh-0002", null,
                AlertFilter.State.ALL, Long.MIN_VALUE, Long.MAX_VALUE);
        List<String> rules = gw.app.alerts().alerts(filter, 100).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                .stream().map(Alert::ruleId).filter(r -> !r.equals("vehicle-offline") && !r.equals("quality-clock-drift")).toList();
        // offline depends on the wall clock, not on this trip; so does clock drift: the trip of the last
        // hour is sent now, compressed, so its readings arrive up to an hour after their time
        assertEquals(List.of(), rules, "a normal trip is quiet");
    }

    @Test
    void speedingOnTheExpressway() throws Exception {
        drive("veh-0003", Scenario.SPEEDING, 30, m -> false);
        List<Alert> alerts = alerts("veh-0003", "speeding");
        assertTrue(!alerts.isEmpty(), "speeding alert");
        assertTrue(Set.of(Level.YELLOW, Level.ORANGE).contains(alerts.get(0).level()), "92-98 km/h against 80: " + alerts.get(0).level());
    }

    @Test
    void restrictedZoneAndRouteDeviation() throws Exception {
        drive("veh-0004", Scenario.RESTRICTED_ZONE, 30, m -> false);
        assertEquals(Level.ORANGE, alerts("veh-0004", "restricted-zone").get(0).level());
        assertEquals(Level.ORANGE, alerts("veh-0004", "route-deviation").get(0).level());
    }

    @Test
    void gnssLossRaisesABlueAlert() throws Exception {
        drive("veh-0005", Scenario.GNSS_LOSS, 20, m -> false);
        assertEquals(Level.BLUE, alerts("veh-0005", "gnss-lost").get(0).level());
    }

    @Test
    void fatigueAfterThreeAndAHalfHoursWithoutRest() throws Exception {
        drive("veh-0006", Scenario.FATIGUE, 220, 30, m -> false); // a reading every 30 s: 3 h 40 min in 440 requests
        assertEquals(Level.YELLOW, alerts("veh-0006", "fatigue-driving").get(0).level(), "pre-warning at 3 h 30 min");
    }

    private static void awaitDelivered(CoapUplink uplink) {
        Awaitility.await("readings delivered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                .until(() -> uplink.pending() == 0);
    }
}
