package dev.vigil.gateway.coap;

import dev.vigil.gateway.config.ConfigLoader;
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
        CoapConfig c = ConfigLoader.fromYaml("coap:\n").coap();
        assertEquals(CoapConfig.defaults(), c);
        assertTrue(c.plainEnabled());
        assertEquals(5683, c.port());
        assertFalse(c.dtlsEnabled());
        assertEquals(5684, c.dtlsPort());
        assertEquals(262144, c.maxPayloadBytes());
        assertEquals(5000, c.retryAfterMs());
        assertEquals(5, c.retryAfterSeconds());
        assertEquals(1000, c.ackDelayMillis());
        assertEquals(0.0, c.ratePerSecond());
    }

    @Test
    void everyKeyIsRead() {
        CoapConfig c = ConfigLoader.fromYaml("""
                coap:
                  enabled: false
                  host: 127.0.0.1
                  port: 15683
                  dtls_enabled: true
                  dtls_port: 15684
                  psk_secret: from-the-yaml-file-123
                  max_payload_bytes: 4096
                  retry_after_ms: 8500
                  ack_delay_ms: 250
                  rate_limit_per_second: 2.5
                  rate_limit_burst: 4
                """).coap();
        assertEquals(new CoapConfig(false, "127.0.0.1", 15683, true, 15684, "from-the-yaml-file-123", 4096, 8500, 250, 2.5, 4), c);
        assertEquals(9, c.retryAfterSeconds(), "Max-Age is whole seconds, rounded up");
    }

    @Test
    void environmentOverridesAsTextAreTyped() {
        CoapConfig c = ConfigLoader.load("yaml", "coap:\n  port: 15683\n", Map.of("VIGIL_COAP_RATE_LIMIT_PER_SECOND", "0.5",
                "VIGIL_COAP_DTLS_ENABLED", "true", "VIGIL_COAP_PSK_SECRET", "from-the-environment-123")).coap();
        assertEquals(15683, c.port());
        assertEquals(0.5, c.ratePerSecond());
        assertTrue(c.dtlsEnabled());
    }

    @Test
    void endpointIsWantedUnlessBothTransportsAreOff() {
        assertTrue(CoapConfig.defaults().endpointWanted());
        assertTrue(coap("coap:\n  enabled: false\n  dtls_enabled: true\n  psk_secret: sixteen-chars-or-more\n").endpointWanted());
        assertFalse(coap("coap:\n  enabled: false\n").endpointWanted());
    }

    @Test
    void theOldPskVariableIsAnAliasAndTheSectionNameWins() {
        String yaml = "coap:\n  dtls_enabled: true\n  psk_secret: from-the-yaml-file-123\n";
        CoapConfig c = ConfigLoader.load("yaml", yaml, Map.of("VIGIL_PSK_SECRET", "from-the-environment-456")).coap();
        assertEquals("from-the-environment-456", c.pskSecret());
        assertFalse(c.toString().contains("environment"), "the secret is not printed");
        c = ConfigLoader.load("yaml", yaml, Map.of("VIGIL_PSK_SECRET", "from-the-environment-456",
                "VIGIL_COAP_PSK_SECRET", "from-the-section-variable")).coap();
        assertEquals("from-the-section-variable", c.pskSecret());
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("yaml:2: coap.port: expected an integer, got \"five\"", refused("coap:\n  port: five\n"));
        assertEquals("yaml:2: coap.port: expected an integer, got 56.5", refused("coap:\n  port: 56.5\n"));
        assertEquals("yaml:2: coap.dtls_port: 70000 is not a UDP port (0-65535)", refused("coap:\n  dtls_port: 70000\n"));
        assertEquals("yaml:2: coap.psk_secret (or VIGIL_PSK_SECRET) must be set to at least 16 characters when DTLS is enabled; got 5",
                refused("coap:\n  psk_secret: short\n  dtls_enabled: true\n"));
        assertEquals("coap.psk_secret (or VIGIL_PSK_SECRET) must be set to at least 16 characters when DTLS is enabled",
                refused("coap:\n  dtls_enabled: true\n"));
        assertEquals("yaml:2: coap.retry_after_s: renamed to coap.retry_after_ms", refused("coap:\n  retry_after_s: 5\n"));
        assertEquals("yaml:2: coap.dtls: unknown key; coap has: enabled, host, port, dtls_enabled, dtls_port, psk_secret, "
                + "max_payload_bytes, retry_after_ms, ack_delay_ms, rate_limit_per_second, rate_limit_burst",
                refused("coap:\n  dtls: {port: 1}\n"));
    }

    private static CoapConfig coap(String yaml) {
        return ConfigLoader.fromYaml(yaml).coap();
    }

    private static String refused(String yaml) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.fromYaml(yaml)).getMessage();
    }
}
