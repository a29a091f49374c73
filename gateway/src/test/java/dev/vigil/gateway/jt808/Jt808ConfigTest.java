package dev.vigil.gateway.jt808;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code jt808:} section: the commented sample matches the defaults, environment overrides and bad values. */
class Jt808ConfigTest {

    @Test
    void sampleConfigHoldsTheDefaults() {
        GatewayConfig c = ConfigLoader.load(Path.of("..", "config", "vigil.yaml"), Map.of());
        assertEquals(Jt808Config.defaults(), c.jt808());
        assertEquals(6808, c.jt808().port());
        assertEquals(List.of(2013, 2019), c.jt808().versionList());
    }

    @Test
    void environmentOverridesAndBadValues(@TempDir Path dir) throws Exception {
        GatewayConfig c = ConfigLoader.load(Path.of("..", "config", "vigil.yaml"), Map.of("VIGIL_JT808_PORT", "7611"));
        assertEquals(7611, c.jt808().port());
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "jt808:\n  versions: \"2011\"\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertTrue(e.getMessage().contains("jt808.versions: '2011'; accepted: 2013, 2019 (one or both, comma-separated)"), e.getMessage());
    }
}
