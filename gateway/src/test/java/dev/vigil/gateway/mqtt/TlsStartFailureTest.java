package dev.vigil.gateway.mqtt;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.http.HttpApi;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.gateway.security.AuthGuardConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PEM files that pass the configuration's check (they have the PEM markers) but hold no usable
 * certificate stop the MQTT and HTTP servers from starting, with the configured keys and files named.
 */
class TlsStartFailureTest {
    private Vertx vertx;
    private Path cert;
    private Path key;

    @BeforeEach
    void files(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        cert = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        key = Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void mqttOverTlsNamesItsKeysAndFiles() {
        GatewayConfig.Mqtt mqtt = GatewayConfig.defaults().mqtt().withAddress("127.0.0.1", 0, 0, 1)
                .withTls(cert.toString(), key.toString(), null, "none");
        MqttTelemetryEndpoint endpoint = new MqttTelemetryEndpoint(mqtt, 262_144, () -> null, null,
                MqttTelemetryEndpoint.newSessionMap(), new AuthGuard(AuthGuardConfig.defaults()));
        Exception e = assertThrows(Exception.class, () -> vertx.deployVerticle(endpoint).await(20, TimeUnit.SECONDS));
        assertTrue(e.getMessage().startsWith("MQTT over TLS cannot start with mqtt.cert_file " + cert + ", mqtt.key_file " + key + ": "),
                e.getMessage());
    }

    @Test
    void httpsNamesItsKeysAndFiles() {
        GatewayConfig.Http http = GatewayConfig.defaults().http().withAddress("127.0.0.1", 0).withTls(cert.toString(), key.toString());
        Exception e = assertThrows(Exception.class, () -> vertx.deployVerticle(new HttpApi(http, List.of())).await(20, TimeUnit.SECONDS));
        assertTrue(e.getMessage().startsWith("HTTPS cannot start with http.cert_file " + cert + ", http.key_file " + key + ": "), e.getMessage());
    }
}
