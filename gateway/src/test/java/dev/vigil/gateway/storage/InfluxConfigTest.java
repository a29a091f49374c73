package dev.vigil.gateway.storage;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InfluxConfigTest {

    @Test
    void defaults() {
        InfluxConfig c = InfluxConfig.defaults();
        assertEquals("http://127.0.0.1:8086", c.url());
        assertEquals("vigil", c.database());
        assertNull(c.username());
        assertNull(c.password());
        assertNull(c.retentionPolicy());
        assertEquals(5_000, c.batchSize());
        assertEquals(100, c.flushIntervalMs());
        assertEquals(200_000, c.maxPending());
        assertEquals(2, c.writers());
    }

    @Test
    void environmentOverridesUrlDatabaseUserPasswordAndRetentionPolicy() {
        InfluxConfig c = InfluxConfig.defaults().withEnv(Map.of("INFLUX_URL", "https://influx.example:8086/",
                "INFLUX_DB", "plant", "INFLUX_USER", "vigil", "INFLUX_PASSWORD", "secret", "INFLUX_RP", "autogen",
                "INFLUX_TOKEN", "ignored-when-password-set"));
        assertEquals("https://influx.example:8086", c.url());
        assertEquals("plant", c.database());
        assertEquals("vigil", c.username());
        assertEquals("secret", c.password());
        assertEquals("autogen", c.retentionPolicy());
        assertEquals("tok", InfluxConfig.defaults().withEnv(Map.of("INFLUX_TOKEN", "tok")).password());
        assertEquals(InfluxConfig.defaults(), InfluxConfig.defaults().withEnv(Map.of("INFLUX_URL", "")));
    }

    @Test
    void yamlSectionKeysApplyAndUnknownKeysAreRefusedByName() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("url", "http://db:8086");
        section.put("database", "vigil_prod");
        section.put("batchSize", 2000);
        section.put("flushIntervalMs", "250");
        section.put("maxPending", 50_000);
        section.put("writers", 3);
        section.put("createDatabase", false);
        InfluxConfig c = InfluxConfig.defaults().with(section);
        assertEquals("http://db:8086", c.url());
        assertEquals("vigil_prod", c.database());
        assertEquals(2000, c.batchSize());
        assertEquals(250, c.flushIntervalMs());
        assertEquals(50_000, c.maxPending());
        assertEquals(3, c.writers());
        assertFalse(c.createDatabase());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InfluxConfig.defaults().with(Map.of("batchsize", 1)));
        assertEquals("unknown influx setting 'batchsize' (known: url, database, username, password, retentionPolicy, "
                + "batchSize, flushIntervalMs, maxPending, writers, timeoutMs, createDatabase)", e.getMessage());
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> InfluxConfig.defaults().with(Map.of("maxPending", "lots")));
        assertEquals("influx maxPending must be a whole number, got 'lots'", n.getMessage());
    }

    @Test
    void invalidValuesAreRefusedNamingTheSetting() {
        assertEquals("influx url must start with http:// or https://: localhost:8086",
                assertThrows(IllegalArgumentException.class,
                        () -> InfluxConfig.defaults().withUrl("localhost:8086")).getMessage());
        assertEquals("influx batchSize must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> InfluxConfig.defaults().withBatching(0, 100, 10)).getMessage());
        assertEquals("influx database must not be empty", assertThrows(IllegalArgumentException.class,
                () -> InfluxConfig.defaults().withDatabase(" ")).getMessage());
    }

    @Test
    void toStringHidesThePassword() {
        String s = InfluxConfig.defaults().withEnv(Map.of("INFLUX_PASSWORD", "hunter2")).toString();
        assertFalse(s.contains("hunter2"), s);
    }
}
