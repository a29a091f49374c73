package dev.vigil.sim.vehicle;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Device;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JT/T 808 terminal simulator against the real gateway: a tanker drives through a coverage
 * gap, buffers its reports and backfills them with 0x0704; every report ends up in InfluxDB once,
 * with its own time, and the e-lock state travels in vendor item 0xE1.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Jt808VehicleSimulatorTest {
    private TestGateway gw;
    private InfluxDatabase db;
    private Path dir;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, "rules: " + Files.createDirectories(dir.resolve("rules")) + "\nzones: ../zones/wuhai\n");
        gw = TestGateway.start(dir, db, Map.of("veh-0001", "hazmat-vehicle"), ConfigLoader.load(config, Map.of()));
        Path registry = dir.resolve("devices.yaml");
        var profiles = ProfileLoader.loadDirectory(TestGateway.PROFILES);
        for (int n = 1; n <= 2; n++) {
            RegistryWriter.add(registry, new Device("veh-808-" + n, "hazmat-vehicle", "", "", Map.of(), null,
                    Map.of("jt808", Map.of("phone", "1390000000" + n))), profiles);
        }
        this.dir = dir;
        // the running gateway reloads its registry file
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> gw.app.registry().devices().size() == RegistryLoader.load(registry, profiles).devices().size());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void coverageGapIsBackfilledWithOneStoredPointPerReport() throws Exception {
        UplinkStats stats = new UplinkStats();
        Jt808Uplink uplink = new Jt808Uplink("veh-808-1", "013900000001", new InetSocketAddress("127.0.0.1", gw.app.jt808().actualPort()),
                false, stats);
        VehicleModel model = new VehicleModel("veh-808-1", Scenario.COVERAGE_GAP, 60, 0, 7);
        long t0 = (System.currentTimeMillis() - 30 * 60_000L) / 1000 * 1000;
        VehicleFleet fleet = new VehicleFleet(List.of(new VehicleFleet.Member(model, uplink)), new SimClock(t0, 0, 1));
        int steps = 20 * 6; // 20 simulated minutes, one report per 10 s
        for (int i = 0; i < steps; i++) {
            fleet.tick(t0 + i * 10_000L);
            if (model.networkUp()) awaitAcknowledged(uplink);
        }
        awaitAcknowledged(uplink);
        uplink.close();
        assertTrue(stats.backfills.get() >= 1, "the coverage gap was backfilled with 0x0704: " + stats);
        assertEquals(steps, stats.readings.get());
        assertEquals(0, stats.refused.get() + stats.errors.get(), stats.toString());
        QueryResult.Series s = db.query("SELECT speed, lock FROM \"hazmat-vehicle\" WHERE device = 'veh-808-1' ORDER BY time").single();
        assertEquals(steps, s.size(), "one point per report, none lost, none doubled");
        assertEquals(t0, ((Number) s.row(0).get("time")).longValue());
        assertEquals(t0 + (steps - 1) * 10_000L, ((Number) s.row(steps - 1).get("time")).longValue());
        assertTrue(s.column("lock").stream().allMatch(v -> v.equals("locked") || v.equals("unlocked")), "e-lock item 0xE1 decoded");
    }

    @Test
    void simulateJt808CommandRegistersAndReports() throws Exception {
        Path phones = dir.resolve("phones.txt");
        Files.writeString(phones, "# id=phone\nveh-808-2=013900000002\n");
        int code = new picocli.CommandLine(new dev.vigil.sim.SimulatorCli()).execute("jt808", "--gateway",
                "127.0.0.1:" + gw.app.jt808().actualPort(), "--phones", phones.toString(), "--count", "1", "--edition", "2019",
                "--scenario", "normal", "--interval", "1", "--duration", "4");
        assertEquals(0, code);
        QueryResult r = db.query("SELECT count(speed) FROM \"hazmat-vehicle\" WHERE device = 'veh-808-2'");
        long stored = ((Number) r.single().value(0, "count")).longValue();
        assertTrue(stored >= 2 && stored <= 5, "one report per second for 4 s, stored: " + stored);
    }

    private static void awaitAcknowledged(Jt808Uplink uplink) {
        org.awaitility.Awaitility.await("reports acknowledged").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(5)).until(() -> uplink.pending() == 0);
    }
}
