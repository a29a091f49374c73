package dev.vigil.gateway.storage;

import dev.vigil.gateway.config.ConfigLoader;
import org.junit.jupiter.api.Test;

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
        assertNull(c.token());
        assertNull(c.retentionPolicy());
        assertEquals(5_000, c.batchSize());
        assertEquals(100, c.flushIntervalMs());
        assertEquals(200_000, c.maxPending());
        assertEquals(2, c.writers());
        assertEquals(10_000, c.timeoutMs());
    }

    @Test
    void influxDbsOwnVariablesSetUrlDatabaseUserPasswordAndRetentionPolicy() {
        InfluxConfig c = env(Map.of("INFLUX_URL", "https://influx.example:8086/", "INFLUX_DB", "plant",
                "INFLUX_USER", "vigil", "INFLUX_PASSWORD", "secret", "INFLUX_RP", "autogen"));
        assertEquals("https://influx.example:8086", c.url());
        assertEquals("plant", c.database());
        assertEquals("vigil", c.username());
        assertEquals("secret", c.password());
        assertEquals("autogen", c.retentionPolicy());
        assertNull(c.token());
        assertEquals("plant2", env(Map.of("INFLUX_DB", "plant", "VIGIL_INFLUX_DATABASE", "plant2")).database(),
                "VIGIL_INFLUX_<KEY> wins over InfluxDB's own name");
    }

    @Test
    void influxTokenIsTheApiTokenAndExcludesAPassword() {
        InfluxConfig c = env(Map.of("INFLUX_TOKEN", "tok-2x"));
        assertEquals("tok-2x", c.token());
        assertNull(c.password());
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class,
                () -> env(Map.of("INFLUX_TOKEN", "tok-2x", "INFLUX_PASSWORD", "secret")));
        assertEquals("INFLUX_TOKEN: influx.token: set either a token (InfluxDB 2.x/3.x) or username and password (1.x), not both",
                e.getMessage());
    }

    @Test
    void yamlSectionKeysApplyAndUnknownKeysAreRefusedByName() {
        InfluxConfig c = ConfigLoader.fromYaml("""
                influx:
                  url: http://db:8086
                  database: vigil_prod
                  batch_size: 2000
                  flush_interval_ms: 250
                  max_pending: 50000
                  writers: 3
                  create_database: false
                """).influx();
        assertEquals(InfluxConfig.defaults().withUrl("http://db:8086").withDatabase("vigil_prod").withBatching(2000, 250, 50_000)
                .withWriters(3), new InfluxConfig(c.url(), c.database(), null, null, null, null, c.batchSize(),
                c.flushIntervalMs(), c.maxPending(), c.writers(), c.timeoutMs(), true, false));
        assertFalse(c.createDatabase());

        assertEquals("yaml:2: influx.batchsize: unknown key; influx has: url, database, username, password, token, "
                        + "retention_policy, batch_size, flush_interval_ms, max_pending, writers, timeout_ms, create_database, discard",
                refused("influx:\n  batchsize: 1\n"));
        assertEquals("yaml:2: influx.max_pending: expected an integer, got \"lots\"", refused("influx:\n  max_pending: lots\n"));
    }

    @Test
    void invalidValuesAreRefusedNamingTheSetting() {
        assertEquals("influx.url must start with http:// or https://, got localhost:8086",
                assertThrows(IllegalArgumentException.class,
                        () -> InfluxConfig.defaults().withUrl("localhost:8086")).getMessage());
        assertEquals("influx.batch_size must be positive, got 0", assertThrows(IllegalArgumentException.class,
                () -> InfluxConfig.defaults().withBatching(0, 100, 10)).getMessage());
        assertEquals("influx.database must not be empty", assertThrows(IllegalArgumentException.class,
                () -> InfluxConfig.defaults().withDatabase(" ")).getMessage());
    }

    @Test
    void toStringHidesThePasswordAndTheToken() {
        String s = env(Map.of("INFLUX_PASSWORD", "hunter2")).toString() + env(Map.of("INFLUX_TOKEN", "tok-secret"));
        assertFalse(s.contains("hunter2"), s);
        assertFalse(s.contains("tok-secret"), s);
    }

    private static InfluxConfig env(Map<String, String> env) {
        return ConfigLoader.load(null, env).influx();
    }

    private static String refused(String yaml) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.fromYaml(yaml)).getMessage();
    }
}
