package dev.vigil.sim.vehicle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.coap.CoapTelemetryEndpoint;
import dev.vigil.gateway.coap.DevicePsk;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.Credentials;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's CoAP uplink against the gateway's real CoAP endpoint: a coverage gap is
 * buffered and arrives as one backfill array, over plain CoAP and over DTLS-PSK. The pipeline
 * here is the gateway's decode-and-validate stage recording what it accepted (no InfluxDB).
 */
class CoapVehicleUplinkTest {
    private static final String SALT = "sim-test-salt";
    private static final String TOKEN = "tok-sim-veh-001-abcdefgh";
    private static final String SECRET = "simulator-test-master-secret";

    private final Vertx vertx = Vertx.vertx();
    private final List<List<Telemetry>> messages = new CopyOnWriteArrayList<>();
    private CoapTelemetryEndpoint endpoint;
    private CoapClients clients;

    static DeviceRegistry registry() {
        List<FieldSpec> fields = List.of(
                new FieldSpec("lat", FieldType.NUMBER, "°", -90.0, 90.0, null, 0, "纬度", "latitude"),
                new FieldSpec("lon", FieldType.NUMBER, "°", -180.0, 180.0, null, 0, "经度", "longitude"),
                new FieldSpec("speed", FieldType.NUMBER, "km/h", 0.0, 220.0, null, 0, "速度", "speed"),
                new FieldSpec("heading", FieldType.INTEGER, "°", 0.0, 359.0, null, 0, "方向", "heading"),
                new FieldSpec("altitude", FieldType.NUMBER, "m", -500.0, 9000.0, null, 0, "海拔", "altitude"),
                new FieldSpec("gnss_fix", FieldType.BOOLEAN, "", null, null, null, 0, "定位", "GNSS fix"),
                new FieldSpec("acc", FieldType.BOOLEAN, "", null, null, null, 0, "点火", "ignition"),
                new FieldSpec("lock", FieldType.ENUM, "", null, null, List.of("locked", "unlocked", "tampered"), 0, "电子锁", "e-lock"),
                new FieldSpec("tank_pressure", FieldType.NUMBER, "kPa", 0.0, 3000.0, null, 0, "罐压", "tank pressure"),
                new FieldSpec("tank_temperature", FieldType.NUMBER, "°C", -50.0, 150.0, null, 0, "罐温", "tank temperature"),
                new FieldSpec("mileage", FieldType.NUMBER, "km", 0.0, null, null, 0, "里程", "mileage"));
        DeviceProfile p = new DeviceProfile("hazmat-vehicle", 1, "危货车辆", "Hazardous-goods vehicle", fields, java.util.Map.of(), null);
        return new DeviceRegistry(SALT, List.of(new Device("veh-001", p.name(), "wuhai-chem", "乌海", java.util.Map.of(),
                Credentials.hash(SALT, TOKEN), java.util.Map.of())), java.util.Map.of(p.name(), p));
    }

    @BeforeEach
    void start() throws Exception {
        DeviceRegistry registry = registry();
        TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
        TelemetryPipeline pipeline = new TelemetryPipeline() {
            @Override
            public Future<Void> accept(RawMessage m) {
                try {
                    Device d = registry.byId(m.deviceId());
                    JsonNode root = m.format() == RawMessage.Format.JSON ? TelemetryDecoder.parseJson(m.payload()) : TelemetryDecoder.parseCbor(m.payload());
                    return acceptDecoded(decoder.decode(d, registry.profileOf(d), root, m.receivedAt(), m.protocol()));
                } catch (Rejection r) {
                    return Future.failedFuture(r);
                }
            }

            @Override
            public Future<Void> acceptDecoded(List<Telemetry> readings) {
                messages.add(readings);
                return Future.succeededFuture();
            }
        };
        CoapConfig config = CoapConfig.defaults().withDtls(true, SECRET).withPorts(0, 0);
        endpoint = new CoapTelemetryEndpoint(config, () -> registry, pipeline);
        vertx.deployVerticle(endpoint).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (clients != null) clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void awaitDelivered(CoapUplink uplink) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (uplink.pending() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, uplink.pending(), "readings still pending");
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
}
