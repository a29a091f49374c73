package dev.vigil.gateway.coap;

import org.junit.jupiter.api.Test;

import java.util.List;
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
        Map<String, Object> section = new java.util.LinkedHashMap<>();
        section.put("enabled", false);
        section.put("host", "127.0.0.1");
        section.put("port", 15683);
        section.put("dtls_enabled", true);
        section.put("dtls_port", 15684);
        section.put("psk_secret", "from-the-yaml-file-123");
        section.put("max_payload_bytes", 4096);
        section.put("retry_after_s", 9);
        section.put("ack_delay_ms", 250);
        section.put("rate_limit_per_second", 2.5);
        section.put("rate_limit_burst", 4);
        assertEquals(CoapConfig.KEYS, List.copyOf(section.keySet()));
        assertEquals(new CoapConfig(false, "127.0.0.1", 15683, true, 15684, "from-the-yaml-file-123", 4096, 9, 250, 2.5, 4),
                CoapConfig.fromMap(section, Map.of()));
    }

    @Test
    void environmentOverridesAsTextAreAccepted() {
        // VIGIL_COAP_<KEY> overrides reach the section as text (decimals) or parsed numbers and booleans
        CoapConfig c = CoapConfig.fromMap(Map.of("port", 15683L, "rate_limit_per_second", "0.5", "dtls_enabled", "true",
                "psk_secret", "from-the-yaml-file-123"), Map.of());
        assertEquals(15683, c.port());
        assertEquals(0.5, c.ratePerSecond());
        assertTrue(c.dtlsEnabled());
    }

    @Test
    void endpointIsWantedUnlessBothTransportsAreOff() {
        assertTrue(CoapConfig.enabledIn(Map.of()));
        assertTrue(CoapConfig.enabledIn(Map.of("enabled", false, "dtls_enabled", true)));
        assertFalse(CoapConfig.enabledIn(Map.of("enabled", false)));
        assertFalse(CoapConfig.enabledIn(Map.of("enabled", "false", "dtls_enabled", false)));
    }

    @Test
    void environmentOverridesThePskSecret() {
        CoapConfig c = CoapConfig.fromMap(Map.of("dtls_enabled", true, "psk_secret", "from-the-yaml-file-123"),
                Map.of("VIGIL_PSK_SECRET", "from-the-environment-456"));
        assertEquals("from-the-environment-456", c.pskSecret());
        assertFalse(c.toString().contains("environment"), "the secret is not printed");
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("coap.port: expected a number, got five",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("port", "five"), Map.of())).getMessage());
        assertEquals("coap.port: expected a whole number, got 56.5",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("port", 56.5), Map.of())).getMessage());
        assertEquals("coap.dtls_port: 70000 is not a UDP port (0-65535)",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("dtls_port", 70000), Map.of())).getMessage());
        assertEquals("coap.psk_secret (or VIGIL_PSK_SECRET) must be set to at least 16 characters when DTLS is enabled",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("dtls_enabled", true), Map.of())).getMessage());
        assertEquals("coap: both plain CoAP (coap.enabled) and DTLS (coap.dtls_enabled) are off",
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("enabled", false), Map.of())).getMessage());
        assertEquals("coap.dtls: unknown setting; accepted: " + CoapConfig.KEYS,
                assertThrows(IllegalArgumentException.class, () -> CoapConfig.fromMap(Map.of("dtls", Map.of()), Map.of())).getMessage());
    }
}
