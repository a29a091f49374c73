package dev.vigil.gateway.alerts;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code alerts:} and {@code webhook:} sections: sample values, defaults, environment, errors with file:line. */
class AlertConfigTest {
    private static final Path SAMPLE = Path.of("..", "config", "vigil.yaml");

    @Test
    void sampleConfigHasTheDocumentedAlertSettings() {
        GatewayConfig c = ConfigLoader.load(SAMPLE, Map.of());
        GatewayConfig.Alerts a = c.alerts();
        assertTrue(a.enabled());
        assertEquals(1000L, a.tickMs());
        assertEquals(10_000L, a.lastSeenFlushMs());
        assertEquals(2000L, a.reloadPollMs());
        assertEquals(30 * 86_400_000L, a.restoreMs());
        assertEquals(1000, a.recentClosed());
        assertEquals("Asia/Shanghai", a.timeZone());
        assertEquals(300_000L, a.maxGapMs());
        assertEquals(0, a.ruleContexts());
        assertEquals(100_000, a.ruleQueue());
        assertEquals(3000L, a.warmupMs());
        assertNull(c.webhook().url());
        assertFalse(c.webhook().enabled());
        assertEquals(5000L, c.webhook().timeoutMs());
        assertEquals(5, c.webhook().maxRetries());
        assertEquals(500L, c.webhook().backoffMs());
        assertEquals("blue", c.webhook().minLevel());
        assertEquals(10_000, c.webhook().queueSize());
        assertEquals(GatewayConfig.defaults().alerts(), a);
        assertEquals(GatewayConfig.defaults().webhook(), c.webhook());
    }

    @Test
    void environmentOverridesAlertSettings() {
        GatewayConfig c = ConfigLoader.load(SAMPLE, Map.of("VIGIL_WEBHOOK_URL", "http://127.0.0.1:9000/hook",
                "VIGIL_WEBHOOK_MIN_LEVEL", "orange", "VIGIL_ALERTS_TICK_MS", "250"));
        assertEquals("http://127.0.0.1:9000/hook", c.webhook().url());
        assertTrue(c.webhook().enabled());
        assertEquals("orange", c.webhook().minLevel());
        assertEquals(250L, c.alerts().tickMs());
    }

    @Test
    void badValuesAreReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "http:\n  port: 8080\nwebhook:\n  url: http://x/hook\n  min_level: purple\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":5: webhook.min_level must be blue, yellow, orange or red, got 'purple'", e.getMessage());

        Files.writeString(f, "alerts:\n  tick_ms: 1000\n  time_zone: Mars/Olympus\n");
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":3: alerts.time_zone: unknown time zone 'Mars/Olympus'", e.getMessage());

        Files.writeString(f, "alerts:\n  tick: 1000\n");
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":2: alerts.tick: unknown key; alerts has: enabled, tick_ms, last_seen_flush_ms, reload_poll_ms, "
                + "restore_ms, recent_closed, time_zone, max_gap_ms, rule_contexts, rule_queue, warmup_ms", e.getMessage());

        Files.writeString(f, "alerts:\n  restore_days: 30\n");
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":2: alerts.restore_days: renamed to alerts.restore_ms", e.getMessage());
    }
}
