package dev.vigil.gateway.coap;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the coap: section of the gateway config. */
class CoapConfigTest {

    @Test
    void defaultsWhenTheSectionIsEmpty() {
        CoapConfig c = CoapConfig.fromMap(Map.of(), Map.of());
        assertEquals(CoapConfig.defaults(), c);
        assertTrue(c.plainEnabled());
        assertEquals(5683, c.port());
        assertFalse(c.dtlsEnabled());
        assertEquals(5684, c.dtlsPort());
        assertEquals(262144, c.maxPayloadBytes());
        assertEquals(5, c.overloadMaxAgeSeconds());
        assertEquals(1000, c.ackDelayMillis());
        assertEquals(0.0, c.ratePerSecond());
    }

    @Test
    void everyKeyIsRead() {
        CoapConfig c = CoapConfig.fromMap(Map.of("enabled", false, "host", "127.0.0.1", "port", 15683,
                "max_payload_bytes", 4096, "retry_after_s", 9, "ack_delay_ms", 250,
                "dtls", Map.of("enabled", true, "port", 15684, "psk_secret", "from-the-yaml-file-123"),
                "rate_limit", Map.of("per_second", 2.5, "burst", 4)), Map.of());
        assertEquals(new CoapConfig(false, "127.0.0.1", 15683, true, 15684, "from-the-yaml-file-123", 4096, 9, 250, 2.5, 4), c);
    }

    @Test
    void environmentOverridesThePskSecret() {
        CoapConfig c = CoapConfig.fromMap(Map.of("dtls", Map.of("enabled", true, "psk_secret", "from-the-yaml-file-123")),
                Map.of("VIGIL_PSK_SECRET", "from-the-environment-456"));
        assertEquals("from-the-environment-456", c.pskSecret());
        assertFalse(c.toString().contains("environment"), "the secret is not printed");
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("coap.port: expected a number, got five",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("port", "five"), Map.of())).getMessage());
        assertEquals("coap.dtls.port: 70000 is not a UDP port (0-65535)",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("dtls", Map.of("port", 70000)), Map.of())).getMessage());
        assertEquals("coap.dtls.psk_secret (or VIGIL_PSK_SECRET) must be set to at least 16 characters when DTLS is enabled",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("dtls", Map.of("enabled", true)), Map.of())).getMessage());
        assertEquals("coap: both plain CoAP (coap.enabled) and DTLS (coap.dtls.enabled) are off",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("enabled", false), Map.of())).getMessage());
        assertEquals("coap.rate_limit: expected a section (map), got 5",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("rate_limit", 5), Map.of())).getMessage());
    }
}
