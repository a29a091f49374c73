package dev.vigil.gateway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TLS keys of mqtt: and http:: PEM files are checked when the configuration is read, and a refusal names the key and the file. */
class TlsConfigTest {
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";

    @Test
    void tlsIsOffByDefaultOnPort8883() {
        GatewayConfig c = GatewayConfig.defaults();
        assertFalse(c.mqtt().tls());
        assertEquals(8883, c.mqtt().tlsPort());
        assertEquals("none", c.mqtt().clientAuth());
        assertFalse(c.http().tls());
    }

    @Test
    void pemFilesSwitchTlsOn(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("server.pem"), CERT);
        Path key = Files.writeString(dir.resolve("server.key"), KEY);
        Path ca = Files.writeString(dir.resolve("ca.pem"), CERT);
        Path f = write(dir, "mqtt:\n  cert_file: " + cert + "\n  key_file: " + key + "\n  client_ca_file: " + ca
                + "\n  client_auth: required\nhttp:\n  cert_file: " + cert + "\n  key_file: " + key + "\n");
        GatewayConfig c = ConfigLoader.load(f, Map.of("VIGIL_MQTT_TLS_PORT", "18883"));
        assertTrue(c.mqtt().tls());
        assertEquals(18883, c.mqtt().tlsPort());
        assertEquals("required", c.mqtt().clientAuth());
        assertEquals(ca.toString(), c.mqtt().clientCaFile());
        assertTrue(c.http().tls());
        assertEquals(1883, c.mqtt().port()); // plain MQTT stays
    }

    @Test
    void missingPemFileIsRefusedNamingKeyAndFile(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("server.key"), KEY);
        Path missing = dir.resolve("nope.pem");
        Path f = write(dir, "mqtt:\n  port: 1883\n  cert_file: " + missing + "\n  key_file: " + key + "\n");
        assertEquals(List.of(f + ":3: mqtt.cert_file: cannot read " + missing + " (no such file)"), problems(f, Map.of()));
        // from the environment: the variable is named
        Path cert = Files.writeString(dir.resolve("server.pem"), CERT);
        assertEquals(List.of("VIGIL_HTTP_KEY_FILE: http.key_file: cannot read " + missing + " (no such file)"),
                problems(null, Map.of("VIGIL_HTTP_CERT_FILE", cert.toString(), "VIGIL_HTTP_KEY_FILE", missing.toString())));
    }

    @Test
    void wrongContentsAndHalfPairsAreRefused(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("server.pem"), CERT);
        Path key = Files.writeString(dir.resolve("server.key"), KEY);
        Path f = write(dir, "mqtt:\n  cert_file: " + key + "\n  key_file: " + cert + "\n");
        assertEquals(List.of(f + ":2: mqtt.cert_file: " + key + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"), problems(f, Map.of()));
        f = write(dir, "mqtt:\n  cert_file: " + cert + "\n  key_file: " + cert + "\n");
        assertEquals(List.of(f + ":3: mqtt.key_file: " + cert + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)"), problems(f, Map.of()));
        Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n-----END ENCRYPTED PRIVATE KEY-----\n");
        f = write(dir, "http:\n  cert_file: " + cert + "\n  key_file: " + encrypted + "\n");
        assertTrue(problems(f, Map.of()).get(0).startsWith(f + ":3: http.key_file: " + encrypted + " holds an encrypted private key"));
        f = write(dir, "http:\n  cert_file: " + cert + "\n");
        assertEquals(List.of("http.key_file is missing: http.cert_file is set, and TLS needs both the certificate and its private key"),
                problems(f, Map.of()));
        f = write(dir, "mqtt:\n  cert_file: " + dir + "\n  key_file: " + key + "\n");
        assertEquals(List.of(f + ":2: mqtt.cert_file: " + dir + " is a directory, not a PEM file"), problems(f, Map.of()));
    }

    @Test
    void clientCertificateSettingsMustFitTogether(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("server.pem"), CERT);
        Path key = Files.writeString(dir.resolve("server.key"), KEY);
        String tls = "mqtt:\n  cert_file: " + cert + "\n  key_file: " + key + "\n";
        Path f = write(dir, tls + "  client_auth: maybe\n");
        assertEquals(List.of(f + ":4: mqtt.client_auth must be none, request or required, got 'maybe'"), problems(f, Map.of()));
        f = write(dir, tls + "  client_auth: required\n");
        assertEquals(List.of(f + ":4: mqtt.client_auth: required needs mqtt.client_ca_file, the CA that signs the device certificates"),
                problems(f, Map.of()));
        f = write(dir, "mqtt:\n  client_auth: request\n");
        assertEquals(List.of(f + ":2: mqtt.client_auth: request needs MQTT over TLS: set mqtt.cert_file and mqtt.key_file"),
                problems(f, Map.of()));
        f = write(dir, tls + "  client_ca_file: " + cert + "\n");
        assertEquals(List.of(f + ":4: mqtt.client_ca_file is set but mqtt.client_auth is none: set client_auth to request or required, "
                + "or remove client_ca_file"), problems(f, Map.of()));
        f = write(dir, tls + "  client_auth: request\n  client_ca_file: " + dir.resolve("ca.pem") + "\n");
        assertEquals(List.of(f + ":5: mqtt.client_ca_file: cannot read " + dir.resolve("ca.pem") + " (no such file)"), problems(f, Map.of()));
        f = write(dir, tls + "  port: 8883\n");
        assertEquals(List.of("mqtt.tls_port: 8883 is also mqtt.port; MQTT over TLS needs a port of its own"), problems(f, Map.of()));
    }

    private static Path write(Path dir, String yaml) throws Exception {
        return Files.writeString(dir.resolve("vigil.yaml"), yaml);
    }

    private static List<String> problems(Path f, Map<String, String> env) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, env)).problems();
    }
}
