package dev.vigil.sim.vehicle;

import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.coap.CoapTelemetryEndpoint;
import dev.vigil.gateway.coap.DevicePsk;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.gateway.support.TestPipeline;
import dev.vigil.profile.Credentials;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's CoAP uplink against the gateway's real CoAP endpoint: a coverage gap is
 * buffered and arrives as one backfill array, over plain CoAP and over DTLS-PSK. The gateway's real
 * pipeline stores into a recording sink (no InfluxDB).
 */
class CoapVehicleUplinkTest {
    private static final String SALT = "sim-test-salt";
    private static final String TOKEN = "tok-sim-veh-001-abcdefgh";
    private static final String SECRET = "simulator-test-master-secret";

    private final Vertx vertx = Vertx.vertx();
    private final RecordingSink sink = new RecordingSink();
    /** The readings of each stored request, one list per request. */
    private final List<List<Telemetry>> messages = sink.batches;
    private CoapTelemetryEndpoint endpoint;
    private CoapClients clients;

    static DeviceRegistry registry() {
        DeviceProfile p = ProfileLoader.loadFile(Path.of("..", "device-profiles", "profiles", "hazmat-vehicle.yaml"));
        return new DeviceRegistry(SALT, List.of(new Device("veh-001", p.name(), "wuhai-chem", "乌海", Map.of(),
                Credentials.hash(SALT, TOKEN), Map.of())), Map.of(p.name(), p));
    }

    @BeforeEach
    void start() throws Exception {
        DeviceRegistry registry = registry();
        TelemetryPipeline pipeline = TestPipeline.over(vertx, registry, sink);
        CoapConfig config = CoapConfig.defaults().withDtls(true, SECRET).withPorts(0, 0);
        endpoint = new CoapTelemetryEndpoint(config, () -> registry, pipeline);
        vertx.deployVerticle(endpoint).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (clients != null) clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void awaitDelivered(CoapUplink uplink) {
        Awaitility.await("readings delivered").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> uplink.pending() == 0);
    }

    private void coverageGapArrivesAsOneBackfill(CoapUplink uplink, UplinkStats stats) throws InterruptedException {
        VehicleModel model = new VehicleModel("veh-001", Scenario.COVERAGE_GAP, 60, 0, 7);
        long t0 = System.currentTimeMillis() - 3_600_000;
        VehicleFleet fleet = new VehicleFleet(List.of(new VehicleFleet.Member(model, uplink)), new SimClock(t0, 0, 1));
        int ticks = 120; // 10 simulated minutes at one report per 5 s
        for (int i = 0; i < ticks; i++) {
            fleet.tick(t0 + i * 5000L);
            if (model.networkUp()) awaitDelivered(uplink);
        }
        List<Integer> sizes = messages.stream().map(List::size).toList();
        assertEquals(ticks, sizes.stream().mapToInt(Integer::intValue).sum(), "every reading arrives");
        assertEquals(List.of(37), sizes.stream().filter(n -> n > 1).toList(), "3 min gap (36 readings) + the first reading after it, in one array");
        assertEquals(1, stats.backfills.get());
        List<Long> times = messages.stream().flatMap(List::stream).map(Telemetry::time).toList();
        for (int i = 0; i < ticks; i++) assertEquals(t0 + i * 5000L, times.get(i), "reading " + i + " in order with its own time");
        Telemetry last = messages.get(messages.size() - 1).get(0);
        assertEquals("veh-001", last.device().id());
        assertEquals("locked", last.value("lock"));
        assertTrue((Double) last.value("speed") > 20, "driving after the gap: " + last.value("speed"));
    }

    @Test
    void plainCoapJsonBackfill() throws Exception {
        clients = new CoapClients(URI.create("coap://127.0.0.1:" + endpoint.plainPort()));
        UplinkStats stats = new UplinkStats();
        coverageGapArrivesAsOneBackfill(new CoapUplink("veh-001", clients.forToken(TOKEN), false, stats), stats);
    }

    @Test
    void dtlsPskCborBackfill() throws Exception {
        clients = new CoapClients(URI.create("coaps://127.0.0.1:" + endpoint.dtlsPort()));
        UplinkStats stats = new UplinkStats();
        coverageGapArrivesAsOneBackfill(new CoapUplink("veh-001", clients.forPsk("veh-001", DevicePsk.forDevice(SECRET, "veh-001")), true, stats), stats);
    }

    @Test
    void afterA503TheUplinkWaitsMaxAgeThenSendsEverythingAsOneBackfill() throws Exception {
        clients = new CoapClients(URI.create("coap://127.0.0.1:" + endpoint.plainPort()));
        UplinkStats stats = new UplinkStats();
        CoapUplink uplink = new CoapUplink("veh-001", clients.forToken(TOKEN), false, stats);
        VehicleModel model = new VehicleModel("veh-001", Scenario.NORMAL, 60, 0, 7);
        long t0 = System.currentTimeMillis() - 60_000;
        sink.failNext(new Rejection(Rejection.Reason.OVERLOADED, "write queue full"));
        uplink.report(model.reading(t0), true);
        Awaitility.await("5.03 received").atMost(Duration.ofSeconds(10)).until(() -> stats.retryLater.get() == 1);
        long refusedAt = System.nanoTime();
        uplink.report(model.reading(t0 + 5000), true);
        uplink.report(model.reading(t0 + 10_000), true);
        assertEquals(1, stats.requests.get(), "nothing is sent within Max-Age (5 s)");
        Awaitility.await("Max-Age to pass").atMost(Duration.ofSeconds(15)).until(() -> !uplink.holding());
        assertTrue(System.nanoTime() - refusedAt >= TimeUnit.MILLISECONDS.toNanos(4_000), "held for about Max-Age");
        uplink.report(model.reading(t0 + 15_000), true);
        awaitDelivered(uplink);
        assertEquals(List.of(4), messages.stream().map(List::size).toList(), "the held readings arrive as one backfill");
        assertEquals(List.of(t0, t0 + 5000, t0 + 10_000, t0 + 15_000), messages.get(0).stream().map(Telemetry::time).toList());
    }

    @Test
    void vehiclesCommandStreamsToTheGateway(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.txt");
        java.nio.file.Files.writeString(tokens, "# demo tokens\nelv-0001=not-a-vehicle\nveh-001=" + TOKEN + "\n");
        int code = new picocli.CommandLine(new dev.vigil.sim.SimulatorCli()).execute("vehicles", "--count", "1",
                "--tokens", tokens.toString(), "--gateway", "coap://127.0.0.1:" + endpoint.plainPort(),
                "--interval", "0.25", "--duration", "3", "--format", "cbor");
        assertEquals(0, code);
        List<Telemetry> all = messages.stream().flatMap(List::stream).toList();
        assertTrue(all.size() >= 4, "readings stored: " + all.size());
        all.forEach(t -> assertEquals("veh-001", t.device().id()));
        assertEquals(39.53, all.get(0).value("lat"), "starts at the Wuda depot's loading bay");
        assertEquals(106.7, all.get(0).value("lon"));
    }

    @Test
    void vehiclesCommandStreamsOverDtlsWithPsks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path psks = dir.resolve("psks.txt");
        java.nio.file.Files.writeString(psks, "veh-001=" + DevicePsk.forDevice(SECRET, "veh-001") + "\n");
        int code = new picocli.CommandLine(new dev.vigil.sim.SimulatorCli()).execute("vehicles", "--count", "1",
                "--psks", psks.toString(), "--gateway", "coaps://127.0.0.1:" + endpoint.dtlsPort(),
                "--interval", "0.25", "--duration", "3");
        assertEquals(0, code);
        List<Telemetry> all = messages.stream().flatMap(List::stream).toList();
        assertTrue(all.size() >= 4, "readings stored: " + all.size());
        all.forEach(t -> assertEquals("veh-001", t.device().id()));
    }

    @Test
    void badArgumentsGiveOneLineErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.txt");
        java.nio.file.Files.writeString(tokens, "elv-0001=abc\nveh-001=def\n");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new dev.vigil.sim.SimulatorCli());
        cli.setErr(new java.io.PrintWriter(err, true));
        assertEquals(2, cli.execute("vehicles", "--count", "2", "--tokens", tokens.toString()));
        assertEquals("error: " + tokens + " has 1 devices whose id starts with 'veh-', --count asks for 2", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("vehicles", "--gateway", "coaps://127.0.0.1:5684", "--tokens", tokens.toString()));
        assertEquals("error: coaps:// needs --psks FILE", err.toString().strip());
    }

    @Test
    void tokenFileErrorsNameFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.txt");
        java.nio.file.Files.writeString(tokens, "veh-001=abc\nveh-002\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> VehiclesCommand.readPairs(tokens));
        assertEquals(tokens + ":2: expected id=token, got 'veh-002'", e.getMessage());
        assertEquals("unknown scenario 'speedy': use one of [normal, lock-en-route, speeding, fatigue, gnss-loss, restricted-zone, offline, coverage-gap]",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Scenario.parse("speedy")).getMessage());
    }
}
