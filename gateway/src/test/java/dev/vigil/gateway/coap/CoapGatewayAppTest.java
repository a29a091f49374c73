package dev.vigil.gateway.coap;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway started from a config file with a coap: section serves CoAP and DTLS into InfluxDB. */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoapGatewayAppTest {
    private static final String SECRET = "gateway-app-test-master-secret";
    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(config, """
                coap:
                  host: 127.0.0.1
                  port: 0
                  dtls_enabled: true
                  dtls_port: 0
                  psk_secret: %s
                """.formatted(SECRET));
        GatewayConfig cfg = ConfigLoader.load(config, Map.of());
        gw = TestGateway.start(dir, db, Map.of("veh-0001", "hazmat-vehicle", "veh-0002", "hazmat-vehicle"), cfg);
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void plainCoapWithTheTokenInThePath() throws Exception {
        var out = LibcoapClient.run("-v", "7", "-B", "10", "-m", "post", "-t", "json", "-e", "{\"speed\":42.5,\"lock\":\"locked\"}",
                "coap://127.0.0.1:" + gw.app.coapPort() + "/api/v1/" + gw.tokens.get("veh-0001") + "/telemetry");
        assertTrue(out.stdout().contains("t:ACK c:2.04"), out.toString());
        QueryResult.Series s = db.query("SELECT speed, lock FROM \"hazmat-vehicle\" WHERE device = 'veh-0001'").single();
        assertEquals(42.5, ((Number) s.value(0, "speed")).doubleValue());
        assertEquals("locked", s.value(0, "lock"));
    }

    /** Refusals made by the CoAP adapter itself (4.01 unknown token, 4.15 content format) are counted like the pipeline's. */
    @Test
    void unknownTokenAndUnsupportedFormatAreCounted() throws Exception {
        double unauthorized = refused("bad_credentials");
        double format = refused("unsupported_format");
        var out = LibcoapClient.run("-v", "7", "-B", "10", "-m", "post", "-t", "json", "-e", "{\"speed\":1.0}",
                "coap://127.0.0.1:" + gw.app.coapPort() + "/api/v1/no-such-token/telemetry");
        assertTrue(out.stdout().contains("c:4.01"), out.toString());
        out = LibcoapClient.run("-v", "7", "-B", "10", "-m", "post", "-t", "text/plain", "-e", "speed=1",
                "coap://127.0.0.1:" + gw.app.coapPort() + "/api/v1/" + gw.tokens.get("veh-0001") + "/telemetry");
        assertTrue(out.stdout().contains("c:4.15"), out.toString());
        assertEquals(unauthorized + 1, refused("bad_credentials"));
        assertEquals(format + 1, refused("unsupported_format"));
    }

    private double refused(String reason) throws Exception {
        var m = dev.vigil.gateway.metrics.PrometheusAccess.metrics(gw.app.httpPort());
        return m.getOrDefault("vigil_messages_refused_total{protocol=\"coap\",reason=\"" + reason + "\"}", 0.0);
    }

    @Test
    void dtlsWithTheDerivedPsk() throws Exception {
        var out = LibcoapClient.run("-v", "7", "-B", "10", "-m", "post", "-t", "json", "-e", "{\"speed\":0.0,\"lock\":\"unlocked\"}",
                "-u", "veh-0002", "-k", DevicePsk.forDevice(SECRET, "veh-0002"),
                "coaps://127.0.0.1:" + gw.app.coapDtlsPort() + "/telemetry");
        assertTrue(out.stdout().contains("t:ACK c:2.04"), out.toString());
        QueryResult.Series s = db.query("SELECT speed, lock FROM \"hazmat-vehicle\" WHERE device = 'veh-0002'").single();
        assertEquals("unlocked", s.value(0, "lock"));
    }
}
