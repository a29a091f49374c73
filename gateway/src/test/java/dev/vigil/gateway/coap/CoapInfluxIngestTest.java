package dev.vigil.gateway.coap;

import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CoAP end to end: the CoAP endpoint in front of the gateway's real pipeline and a real InfluxDB;
 * 2.04 means the reading is stored, so it is queryable as soon as the answer arrives.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoapInfluxIngestTest {
    private static final String SECRET = "influx-test-master-secret";
    private TestGateway gw;
    private InfluxDatabase db;
    private CoapTelemetryEndpoint coap;
    private CoapEndpoint clientEndpoint;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = TestGateway.start(dir, db, Map.of("veh-0001", "hazmat-vehicle", "veh-0002", "hazmat-vehicle", "veh-0003", "hazmat-vehicle"));
        coap = new CoapTelemetryEndpoint(CoapConfig.defaults().withDtls(true, SECRET).withPorts(0, 0), gw.app::registry, gw.app.pipeline());
        gw.vertx.deployVerticle(coap).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        clientEndpoint = new CoapEndpoint.Builder().setConfiguration(CoapTestSupport.clientConfiguration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    }

    @AfterAll
    void stop() throws Exception {
        clientEndpoint.destroy();
        gw.close();
    }

    private String tokenUri(String id) {
        return "coap://127.0.0.1:" + coap.plainPort() + "/api/v1/" + gw.tokens.get(id) + "/telemetry";
    }

    @Test
    void changedMeansStoredWithExactValuesAndTags() throws Exception {
        long ts = System.currentTimeMillis() - 3_000;
        CoapClient c = new CoapClient(tokenUri("veh-0001"));
        c.setEndpoint(clientEndpoint);
        CoapResponse r = c.post("{\"ts\":" + ts + ",\"lat\":39.5301,\"lon\":106.7002,\"speed\":0.0,\"heading\":87,\"altitude\":1092.5,"
                + "\"gnss_fix\":true,\"acc\":false,\"lock\":\"unlocked\",\"tank_pressure\":182.4,\"tank_temperature\":21.3,\"mileage\":48211.7}",
                MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        QueryResult.Series s = db.query("SELECT * FROM \"hazmat-vehicle\" WHERE device = 'veh-0001'").single();
        assertEquals(1, s.size());
        Map<String, Object> row = s.row(0);
        assertEquals(ts, ((Number) row.get("time")).longValue());
        assertEquals(39.5301, ((Number) row.get("lat")).doubleValue());
        assertEquals(106.7002, ((Number) row.get("lon")).doubleValue());
        assertEquals(87L, ((Number) row.get("heading")).longValue());
        assertEquals("unlocked", row.get("lock"));
        assertEquals(false, row.get("acc"));
        assertEquals(48211.7, ((Number) row.get("mileage")).doubleValue());
        assertEquals("wuhai-haibowan", row.get("region"));
    }

    @Test
    void libcoapDtlsCborBackfillIsStoredAsOnePointPerReading(@TempDir Path dir) throws Exception {
        long t0 = System.currentTimeMillis() - 600_000;
        List<Map<String, Object>> readings = List.of(
                reading(t0, 61.5, "locked"), reading(t0 + 5000, 64.0, "locked"), reading(t0 + 10_000, 66.5, "locked"));
        Path f = dir.resolve("backfill.cbor");
        Files.write(f, new CBORMapper().writeValueAsBytes(readings));
        var out = LibcoapClient.run("-v", "7", "-B", "10", "-m", "post", "-t", "cbor", "-f", f.toString(),
                "-u", "veh-0002", "-k", DevicePsk.forDevice(SECRET, "veh-0002"),
                "coaps://127.0.0.1:" + coap.dtlsPort() + "/telemetry");
        assertTrue(out.stdout().contains("t:ACK c:2.04"), out.toString());
        QueryResult.Series s = db.query("SELECT speed, lock FROM \"hazmat-vehicle\" WHERE device = 'veh-0002' ORDER BY time").single();
        assertEquals(List.of(61.5, 64.0, 66.5), s.column("speed").stream().map(v -> ((Number) v).doubleValue()).toList());
        assertEquals(t0 + 5000, ((Number) s.value(1, "time")).longValue());
    }

    @Test
    void refusedReadingIsNotStored() throws Exception {
        var out = LibcoapClient.run("-B", "10", "-m", "post", "-t", "json", "-e", "{\"speed\":61.0,\"lock\":\"open\"}", tokenUri("veh-0003"));
        assertEquals("4.00 field 'lock': 'open' is not one of [locked, unlocked, tampered]", out.stderr().strip());
        assertTrue(db.query("SELECT * FROM \"hazmat-vehicle\" WHERE device = 'veh-0003'").isEmpty());
    }

    private static Map<String, Object> reading(long ts, double speed, String lock) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", ts);
        m.put("speed", speed);
        m.put("lock", lock);
        return m;
    }
}
