package dev.vigil.gateway.config;

import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.storage.InfluxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one configuration mechanism: file, environment and defaults, and how each kind of mistake is reported. */
class ConfigLoaderTest {
    private static final Path SAMPLE = Path.of("..", "config", "vigil.yaml");
    private static final String MQTT_KEYS = "enabled, host, port, receive_maximum, instances, tls_port, cert_file, key_file, client_ca_file, client_auth";

    /** The shipped sample must load, and every value it writes out is the declared default. */
    @Test
    void sampleConfigLoadsAndEqualsTheDefaults() {
        GatewayConfig c = ConfigLoader.load(SAMPLE, Map.of());
        assertEquals(GatewayConfig.defaults(), c);
        assertEquals("device-profiles/profiles", c.profiles());
        assertEquals("config/devices.yaml", c.registry());
        assertEquals(1883, c.mqtt().port());
        assertEquals(8080, c.http().port());
        assertEquals(262144, c.validation().maxPayloadBytes());
        assertEquals(300_000L, c.validation().maxFutureSkewMs());
        assertEquals(30 * 86_400_000L, c.validation().maxPastAgeMs());
        assertEquals(5000L, c.coap().retryAfterMs());
        assertEquals(3_600_000L, c.bridge().sessionExpiryMs());
        assertEquals(dev.vigil.gateway.spool.SpoolConfig.defaults(), c.spool());
        assertEquals(dev.vigil.gateway.hj212.Hj212Config.defaults(), c.hj212());
        assertEquals(dev.vigil.gateway.history.HistoryConfig.defaults(), c.history());
        assertEquals(500, ConfigLoader.load(null, Map.of("VIGIL_HISTORY_MAX_RAW_POINTS", "500")).history().maxRawPoints());
        assertEquals(new dev.vigil.gateway.cases.CasesConfig(true, "config/deadlines.yaml", 1000, 90L * 86_400_000), c.cases());
        assertEquals(new dev.vigil.gateway.reports.ReportsConfig(90, 300, 2), c.reports());
        assertEquals(85.5, ConfigLoader.load(null, Map.of("VIGIL_REPORTS_VALID_DATA_THRESHOLD_PCT", "85.5")).reports().validDataThresholdPct());
    }

    @Test
    void spoolSectionFromEnvironmentAndItsErrorsNameTheKey() {
        GatewayConfig c = ConfigLoader.load(Path.of("..", "config", "vigil.yaml"),
                Map.of("VIGIL_SPOOL_MAX_BYTES", "5000", "VIGIL_SPOOL_DIR", "/srv/vigil/spool"));
        assertEquals(5000L, c.spool().maxBytes());
        assertEquals("/srv/vigil/spool", c.spool().dir());
        assertEquals("var/spool", GatewayConfig.defaults().spool().dir());
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> ConfigLoader.load(
                Path.of("..", "config", "vigil.yaml"), Map.of("VIGIL_SPOOL_MAX_BYTES", "0")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("spool.max_bytes must be positive, got 0"),
                e.getMessage());
    }

    @Test
    void environmentOverridesFileValues() {
        GatewayConfig c = ConfigLoader.load(SAMPLE, Map.of("VIGIL_MQTT_PORT", "1884", "VIGIL_VALIDATION_MAX_BATCH", "50",
                "VIGIL_REGISTRY", "x.yaml", "VIGIL_HOME", "/ignored", "PATH", "/usr/bin"));
        assertEquals(1884, c.mqtt().port());
        assertEquals(50, c.validation().maxBatch());
        assertEquals("x.yaml", c.registry());
    }

    @Test
    void influxEnvironmentConventionApplies() {
        GatewayConfig c = ConfigLoader.load(SAMPLE,
                Map.of("INFLUX_URL", "http://10.0.0.9:8087", "INFLUX_DB", "site", "VIGIL_INFLUX_BATCH_SIZE", "777"));
        assertEquals(InfluxConfig.defaults().withUrl("http://10.0.0.9:8087").withDatabase("site").withBatching(777, 100, 200_000),
                c.influx());
    }

    /** Environment values are typed by the key's Java type, not guessed from how they look. */
    @Test
    void environmentValuesAreTypedByTheKey() {
        GatewayConfig c = ConfigLoader.load(null, Map.of("VIGIL_INFLUX_PASSWORD", "0123", "VIGIL_INFLUX_USERNAME", "true",
                "VIGIL_COAP_RATE_LIMIT_PER_SECOND", "0.5", "VIGIL_MQTT_ENABLED", "FALSE"));
        assertEquals("0123", c.influx().password());
        assertEquals("true", c.influx().username());
        assertEquals(0.5, c.coap().ratePerSecond());
        assertEquals(false, c.mqtt().enabled());
    }

    @Test
    void wrongTypeInTheFileNamesFileLineAndKey(@TempDir Path dir) throws Exception {
        Path f = write(dir, "http:\n  port: 8080\nmqtt:\n  host: 127.0.0.1\n  port: abc\n");
        assertEquals(f + ":5: mqtt.port: expected an integer, got \"abc\"", refused(f, Map.of()));
        f = write(dir, "profiles: [a, b]\nalerts:\n  enabled: maybe\n");
        assertEquals(List.of(f + ":1: profiles: expected text, got a list [\"a\",\"b\"]",
                f + ":3: alerts.enabled: expected true or false, got \"maybe\""), problems(f, Map.of()));
    }

    @Test
    void unknownKeyInTheFileNamesFileLineAndKey(@TempDir Path dir) throws Exception {
        Path f = write(dir, "mqtt:\n  port: 1883\n  prot: 1\n");
        assertEquals(f + ":3: mqtt.prot: unknown key; mqtt has: " + MQTT_KEYS,
                refused(f, Map.of()));
        f = write(dir, "registry: x.yaml\nmqttt:\n  port: 1\n");
        assertEquals(f + ":2: mqttt: unknown key; top-level keys: profiles, registry, rules, zones; sections: validation, "
                + "mqtt, http, influx, coap, modbus, bridge, alerts, webhook, auth_guard, jt808, spool, hj212, history, auth, cases, reports, cluster",
                refused(f, Map.of()));
        f = write(dir, "mqtt: 1883\n");
        assertEquals(f + ":1: mqtt: expected a section (indented keys: " + MQTT_KEYS + "), got 1883",
                refused(f, Map.of()));
        f = write(dir, "mqtt:\n  port: 1883\n  port: 1884\n");
        assertEquals(f + ":3: mqtt.port: set twice (also at line 2)", refused(f, Map.of()));
    }

    @Test
    void wrongTypeInTheEnvironmentNamesTheVariable() {
        assertEquals("VIGIL_MQTT_PORT: expected an integer, got \"abc\"", refused(SAMPLE, Map.of("VIGIL_MQTT_PORT", "abc")));
        assertEquals("VIGIL_MQTT_PORT: expected an integer from -2147483648 to 2147483647, got \"99999999999\"",
                refused(SAMPLE, Map.of("VIGIL_MQTT_PORT", "99999999999")));
        assertEquals("VIGIL_MQTT_PORT: mqtt.port: 70000 is not a TCP port (0-65535)", refused(SAMPLE, Map.of("VIGIL_MQTT_PORT", "70000")));
        assertEquals("INFLUX_URL: influx.url must start with http:// or https://, got db:8086",
                refused(SAMPLE, Map.of("INFLUX_URL", "db:8086")));
    }

    @Test
    void unknownVigilVariableIsRefusedByName() {
        assertEquals("VIGIL_MQTT_PROT: no such setting; mqtt has: " + MQTT_KEYS,
                refused(SAMPLE, Map.of("VIGIL_MQTT_PROT", "1884")));
        assertEquals("VIGIL_GATEWAY_PORT: no such setting (VIGIL_<SECTION>_<KEY> or VIGIL_<KEY> name a key of the "
                + "configuration file)", refused(SAMPLE, Map.of("VIGIL_GATEWAY_PORT", "1")));
        // the launcher's own variables are not settings, and INFLUX_* beyond the five are other tools' business
        ConfigLoader.load(SAMPLE, Map.of("VIGIL_HOME", "/opt/vigil", "VIGIL_DEMO_INFLUX_PORT", "18086",
                "VIGIL_LOG_LEVEL", "DEBUG", "INFLUX_HOST", "x"));
    }

    @Test
    void renamedKeysNameTheirNewName(@TempDir Path dir) throws Exception {
        Path f = write(dir, "validation:\n  max_future_skew_seconds: 300\n  max_past_age_seconds: 2592000\n");
        assertEquals(List.of(f + ":2: validation.max_future_skew_seconds: renamed to validation.max_future_skew_ms",
                f + ":3: validation.max_past_age_seconds: renamed to validation.max_past_age_ms"), problems(f, Map.of()));
        assertEquals("VIGIL_COAP_RETRY_AFTER_S: renamed to VIGIL_COAP_RETRY_AFTER_MS",
                refused(SAMPLE, Map.of("VIGIL_COAP_RETRY_AFTER_S", "5")));
    }

    /** Every problem of one run is reported at once: the file's in line order, then the variables. */
    @Test
    void allProblemsOfOneRunAreReportedTogether(@TempDir Path dir) throws Exception {
        Path f = write(dir, """
                mqtt:
                  port: abc
                  prot: 1
                coap:
                  retry_after_s: 5
                bridge:
                  qos: 2
                webhook:
                  min_level: purple
                """);
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(f, Map.of("VIGIL_HTTP_PORT", "eighty", "VIGIL_NOPE", "1")));
        assertEquals(List.of(
                f + ":2: mqtt.port: expected an integer, got \"abc\"",
                f + ":3: mqtt.prot: unknown key; mqtt has: " + MQTT_KEYS,
                f + ":5: coap.retry_after_s: renamed to coap.retry_after_ms",
                f + ":7: bridge.qos: 2 is not supported; use 0 or 1",
                f + ":9: webhook.min_level must be blue, yellow, orange or red, got 'purple'",
                "VIGIL_HTTP_PORT: expected an integer, got \"eighty\"",
                "VIGIL_NOPE: no such setting (VIGIL_<SECTION>_<KEY> or VIGIL_<KEY> name a key of the configuration file)"),
                e.problems());
        assertEquals(String.join("\n", e.problems()), e.getMessage());
    }

    @Test
    void invalidYamlNamesTheLine(@TempDir Path dir) throws Exception {
        Path f = write(dir, "mqtt:\n  port: 1883\n  host: [x\nhttp:\n  port: 1\n");
        assertEquals(f + ":4: not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence from line 3)",
                refused(f, Map.of()));
    }

    /** The VIGIL_* names the launcher, the demo and logging use are settings or listed as not being settings. */
    @Test
    void everyVigilVariableOfTheScriptsIsKnown() throws Exception {
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile("VIGIL_[A-Z0-9_]*[A-Z0-9]");
        for (Path f : List.of(Path.of("..", "vigil"), Path.of("..", "scripts", "demo.sh"), Path.of("..", "bench", "lib.sh"),
                Path.of("src", "main", "resources", "logback.xml"))) {
            Matcher m = p.matcher(Files.readString(f));
            while (m.find()) names.add(m.group());
        }
        assertTrue(names.contains("VIGIL_HOME") && names.contains("VIGIL_MQTT_PORT"), names.toString());
        for (String n : names) {
            assertTrue(ConfigKeys.GATEWAY.byEnv.containsKey(n) || ConfigSources.NOT_SETTINGS.contains(n), n);
        }
    }

    /** The sample documents every key: written out, or commented out where it has no default. */
    @Test
    void sampleMentionsEveryKey() throws Exception {
        String sample = Files.readString(SAMPLE);
        for (ConfigKeys.Key k : ConfigKeys.GATEWAY.byPath.values()) {
            String text = sample;
            if (!k.section().isEmpty()) {
                Matcher m = Pattern.compile("(?ms)^" + k.section() + ":\\n(.*?)(?=^[a-z#]|\\z)").matcher(sample);
                assertTrue(m.find(), "section " + k.section());
                text = m.group(1);
            }
            assertTrue(Pattern.compile("(?m)^\\s*#?\\s*" + k.name() + ":").matcher(text).find(), k.path());
        }
    }

    @Test
    void everyKeyHasOneVariableAndTheAliasesAreDeclared() {
        ConfigKeys k = ConfigKeys.GATEWAY;
        assertEquals("mqtt.receive_maximum", k.byEnv.get("VIGIL_MQTT_RECEIVE_MAXIMUM").path());
        assertEquals("registry", k.byEnv.get("VIGIL_REGISTRY").path());
        assertEquals("coap.psk_secret", k.byEnv.get(CoapConfig.PSK_SECRET_ENV).path());
        for (String alias : List.of("INFLUX_URL", "INFLUX_DB", "INFLUX_USER", "INFLUX_PASSWORD", "INFLUX_TOKEN")) {
            assertEquals("influx", k.byEnv.get(alias).section(), alias);
        }
    }

    private static Path write(Path dir, String yaml) throws Exception {
        return Files.writeString(dir.resolve("vigil.yaml"), yaml);
    }

    private static String refused(Path f, Map<String, String> env) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, env)).getMessage();
    }

    private static List<String> problems(Path f, Map<String, String> env) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, env)).problems();
    }
}
