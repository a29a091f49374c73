package dev.vigil.gateway.coap;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CoAP over DTLS with derived per-device PSKs, driven by Californium's client, with plain CoAP switched off. */
class CoapDtlsTest {
    private CoapTestSupport s;

    @BeforeEach
    void start() throws Exception {
        s = new CoapTestSupport(CoapTestSupport.plainConfig().withDtls(false, VehicleFixtures.PSK_SECRET));
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    private static byte[] key(String id) {
        return DevicePsk.keyBytes(VehicleFixtures.PSK_SECRET, id);
    }

    @Test
    void pskIdentityIsTheDevice() throws Exception {
        CoapResponse r = s.dtls("/telemetry", "veh-001", key("veh-001")).post("{\"speed\":71.0,\"lock\":\"locked\"}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, r.getCode());
        assertEquals("veh-001", s.sink.written.get(0).device().id());
        assertEquals(71.0, s.sink.written.get(0).value("speed"));
    }

    @Test
    void tokenPathWorksOverDtlsOnlyForTheSameDevice() throws Exception {
        CoapResponse own = s.dtls("/api/v1/" + VehicleFixtures.TOKEN_2 + "/telemetry", "veh-002", key("veh-002"))
                .post("{\"speed\":12.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.CHANGED, own.getCode());
        CoapResponse other = s.dtls("/api/v1/" + VehicleFixtures.TOKEN_1 + "/telemetry", "veh-002", key("veh-002"))
                .post("{\"speed\":12.0}", MediaTypeRegistry.APPLICATION_JSON);
        assertEquals(ResponseCode.UNAUTHORIZED, other.getCode());
        assertEquals("unknown access token for DTLS identity veh-002", other.getResponseText());
        assertEquals(1, s.sink.written.size());
    }

    @Test
    void wrongKeyFailsTheHandshake() {
        CoapClient c = s.dtls("/telemetry", "veh-001", "00000000000000000000000000000000".getBytes(StandardCharsets.US_ASCII));
        assertThrows(Exception.class, () -> {
            CoapResponse r = c.post("{\"speed\":71.0}", MediaTypeRegistry.APPLICATION_JSON);
            if (r == null) throw new IllegalStateException("no response");
        });
        assertTrue(s.sink.written.isEmpty());
    }

    @Test
    void plainCoapCanBeSwitchedOff() {
        assertEquals(-1, s.endpoint.plainPort());
        assertTrue(s.endpoint.dtlsPort() > 0);
    }

    @Test
    void aPortInUseFailsTheDeploymentWithAClearMessage() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            // plain on the taken port, DTLS on a free one: Californium would start DTLS alone and say nothing
            CoapConfig config = CoapConfig.defaults().withDtls(true, VehicleFixtures.PSK_SECRET).withPorts(port, 0);
            Exception e = assertThrows(Exception.class, () -> s.vertx.deployVerticle(new CoapTelemetryEndpoint(config, VehicleFixtures::registry, s.pipeline))
                    .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("CoAP endpoint cannot bind udp 0.0.0.0:" + port + " (port in use, or not a local address)", e.getCause().getMessage());
        }
    }

    @Test
    void pskIsDerivedFromTheMasterSecretAndDeviceId() {
        // known answer: printf 'vigil-coap-psk/v1:veh-001' | openssl dgst -sha256 -hmac 'test-master-secret-0123456789' (first 32 hex digits)
        assertEquals("48ba2bacc8e6d49a59e0b89d60202c6b", DevicePsk.forDevice(VehicleFixtures.PSK_SECRET, "veh-001"));
        assertNotEquals(DevicePsk.forDevice(VehicleFixtures.PSK_SECRET, "veh-001"), DevicePsk.forDevice(VehicleFixtures.PSK_SECRET, "veh-002"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevicePsk.forDevice("short", "veh-001"));
        assertEquals("coap.psk_secret (or VIGIL_PSK_SECRET) must be set to at least 16 characters when DTLS is enabled; got 5", e.getMessage());
    }
}
