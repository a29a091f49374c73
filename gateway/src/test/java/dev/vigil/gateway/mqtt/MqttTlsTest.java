package dev.vigil.gateway.mqtt;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.profile.Rejection;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT over TLS and HTTPS end to end, with certificates made by {@code scripts/tls-certs.sh}
 * (openssl), real clients (mosquitto_pub, Paho 5, the JDK's HTTP client) and a real InfluxDB:
 * readings sent over TLS are stored; a client that does not trust the gateway's certificate gets no
 * connection; a device certificate logs its own device in (CN = device id), and a certificate of
 * another device, of an unregistered device or from another CA is refused.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttTlsTest {
    private static final int NOT_AUTHORIZED = 0x87;
    /** Paho's code for a connection that closed under it. */
    private static final int CONNECTION_LOST = 32109;

    private InfluxDatabase db;
    /** client_auth: request (certificate or token), and HTTPS. */
    private TestGateway gw;
    /** client_auth: required. */
    private TestGateway strict;
    private Path tls;
    private Path otherCa;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        tls = dir.resolve("tls");
        otherCa = dir.resolve("other-ca");
        // elv-9999 is signed by the gateway's CA but not registered; other-ca's elv-0203 is another CA's
        makeCerts(tls, "elv-0203", "elv-0204", "elv-0301", "elv-9999");
        makeCerts(otherCa, "elv-0203");
        // no rules: these gateways only take readings (and start faster)
        GatewayConfig base = ConfigLoader.fromYaml("alerts: {enabled: false}");
        GatewayConfig config = base.withEndpoints(
                base.mqtt().withTls(file("server.pem"), file("server.key"), file("ca.pem"), "request"),
                base.http().withTls(file("server.pem"), file("server.key")));
        gw = TestGateway.start(Files.createDirectories(dir.resolve("a")), db, Map.of("elv-0201", "elevator", "elv-0202", "elevator",
                "elv-0203", "elevator", "elv-0204", "elevator", "elv-0205", "elevator"), config);
        GatewayConfig strictConfig = base.withEndpoints(
                base.mqtt().withTls(file("server.pem"), file("server.key"), file("ca.pem"), "required"), base.http());
        strict = TestGateway.start(Files.createDirectories(dir.resolve("b")), db, Map.of("elv-0301", "elevator"), strictConfig);
        log.start();
        root.addAppender(log);
    }

    @AfterAll
    void stop() throws Exception {
        root.detachAppender(log);
        if (gw != null) gw.close();
        if (strict != null) strict.close();
    }

    private static void makeCerts(Path dir, String... devices) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "scripts", "tls-certs.sh").toString(), dir.toString()));
        cmd.addAll(List.of(devices));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tls-certs.sh did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
    }

    private String file(String name) {
        return tls.resolve(name).toString();
    }

    record Run(int exit, String output) {}

    private static Run mosquittoPub(int port, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mosquitto_pub did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    private long count(String device) {
        QueryResult r = db.query("SELECT count(floor) FROM elevator WHERE device = '" + device + "'");
        return r.isEmpty() ? 0 : ((Number) r.single().value(0, "count")).longValue();
    }

    /** A TLS context trusting {@code caFile} (null: the JDK's default CAs), presenting {@code device}'s certificate from {@code certs} if given. */
    private SSLContext context(Path caFile, Path certs, String device) throws Exception {
        KeyManager[] keys = null;
        if (device != null) {
            keys = new PemKeyCertOptions().setCertPath(certs.resolve("devices/" + device + ".pem").toString())
                    .setKeyPath(certs.resolve("devices/" + device + ".key").toString()).getKeyManagerFactory(gw.vertx).getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, caFile == null ? null
                : new PemTrustOptions().addCertPath(caFile.toString()).getTrustManagerFactory(gw.vertx).getTrustManagers(), null);
        return ctx;
    }

    private static MqttAsyncClient connect(int port, SSLContext ctx, String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient("ssl://127.0.0.1:" + port, "tls-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(ctx.getSocketFactory());
        if (user != null) o.setUserName(user);
        if (password != null) o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code. */
    private static int publish(MqttAsyncClient c, String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        IMqttToken t = c.publish(topic, m);
        t.waitForCompletion(10_000);
        return t.getReasonCodes() == null || t.getReasonCodes().length == 0 ? 0 : t.getReasonCodes()[0];
    }

    @Test
    void mosquittoPubWithCaFileOverTlsIsStored() throws Exception {
        long ts = System.currentTimeMillis() - 1500;
        Run r = mosquittoPub(gw.app.mqttTlsPort(), "--cafile", file("ca.pem"), "-V", "mqttv5", "-q", "1",
                "-u", "elv-0201", "-P", gw.tokens.get("elv-0201"),
                "-t", "devices/elv-0201/telemetry", "-m", "{\"ts\": " + ts + ", \"floor\": 17, \"door\": \"closed\"}");
        assertEquals(new Run(0, ""), r);
        QueryResult.Series s = db.query("SELECT floor, door FROM elevator WHERE device = 'elv-0201'").single();
        assertEquals(1, s.size());
        assertEquals(17L, ((Number) s.value(0, "floor")).longValue());
        assertEquals("closed", s.value(0, "door"));
        assertEquals(ts, ((Number) s.value(0, "time")).longValue());
        assertNotEquals(gw.app.mqttPort(), gw.app.mqttTlsPort());
    }

    @Test
    void pahoOverTlsGetsPubackAndTheReadingIsStored() throws Exception {
        MqttAsyncClient c = connect(gw.app.mqttTlsPort(), context(tls.resolve("ca.pem"), null, null), "elv-0202", gw.tokens.get("elv-0202"));
        long ts = System.currentTimeMillis() - 2500;
        assertEquals(0, publish(c, "devices/elv-0202/telemetry", "{\"ts\": " + ts + ", \"floor\": -1, \"speed\": 0.75}"));
        // PUBACK means stored
        QueryResult.Series s = db.query("SELECT floor, speed FROM elevator WHERE device = 'elv-0202'").single();
        assertEquals(-1L, ((Number) s.value(0, "floor")).longValue());
        assertEquals(0.75, ((Number) s.value(0, "speed")).doubleValue());
        assertEquals(ts, ((Number) s.value(0, "time")).longValue());
        c.disconnect().waitForCompletion(5_000);

        // plain MQTT keeps working beside it
        MqttAsyncClient plain = new MqttAsyncClient(gw.mqttUri(), "plain-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("elv-0202");
        o.setPassword(gw.tokens.get("elv-0202").getBytes(StandardCharsets.UTF_8));
        plain.connect(o).waitForCompletion(10_000);
        assertEquals(0, publish(plain, "devices/elv-0202/telemetry", "{\"ts\": " + (ts + 1) + ", \"floor\": 0}"));
        plain.disconnect().waitForCompletion(5_000);
        assertEquals(2, count("elv-0202"));
    }

    @Test
    void clientThatDoesNotTrustTheGatewayCertificateGetsNoConnection() throws Exception {
        String token = gw.tokens.get("elv-0205");
        Run wrongCa = mosquittoPub(gw.app.mqttTlsPort(), "--cafile", otherCa.resolve("ca.pem").toString(), "-q", "1",
                "-u", "elv-0205", "-P", token, "-t", "devices/elv-0205/telemetry", "-m", "{\"floor\": 1}");
        assertNotEquals(0, wrongCa.exit(), wrongCa.toString());
        assertTrue(wrongCa.output().contains("TLS error"), wrongCa.output());

        MqttException noCa = assertThrows(MqttException.class,
                () -> connect(gw.app.mqttTlsPort(), context(null, null, null), "elv-0205", token));
        assertTrue(causes(noCa).stream().anyMatch(t -> t instanceof SSLHandshakeException), noCa.toString());
        MqttException otherCaTrusted = assertThrows(MqttException.class,
                () -> connect(gw.app.mqttTlsPort(), context(otherCa.resolve("ca.pem"), null, null), "elv-0205", token));
        assertTrue(causes(otherCaTrusted).stream().anyMatch(t -> t instanceof SSLHandshakeException), otherCaTrusted.toString());
        // plain MQTT to the TLS port is no MQTT connection either
        Run plainToTls = mosquittoPub(gw.app.mqttTlsPort(), "-q", "1", "-u", "elv-0205", "-P", token,
                "-t", "devices/elv-0205/telemetry", "-m", "{\"floor\": 2}");
        assertNotEquals(0, plainToTls.exit(), plainToTls.toString());
        assertEquals(0, count("elv-0205"));
    }

    @Test
    void deviceCertificateLogsItsOwnDeviceIn() throws Exception {
        long ts = System.currentTimeMillis() - 3000;
        // no user name, no token: the certificate's CN is the device
        Run r = mosquittoPub(gw.app.mqttTlsPort(), "--cafile", file("ca.pem"), "--cert", file("devices/elv-0203.pem"),
                "--key", file("devices/elv-0203.key"), "-V", "mqttv5", "-q", "1",
                "-t", "devices/elv-0203/telemetry", "-m", "{\"ts\": " + ts + ", \"floor\": 5, \"occupied\": true}");
        assertEquals(new Run(0, ""), r);
        QueryResult.Series s = db.query("SELECT floor, occupied FROM elevator WHERE device = 'elv-0203'").single();
        assertEquals(5L, ((Number) s.value(0, "floor")).longValue());
        assertEquals(true, s.value(0, "occupied"));
        assertEquals(ts, ((Number) s.value(0, "time")).longValue());

        // Paho naming its own device, without a token
        MqttAsyncClient c = connect(gw.app.mqttTlsPort(), context(tls.resolve("ca.pem"), tls, "elv-0203"), "elv-0203", null);
        assertEquals(0, publish(c, "devices/elv-0203/telemetry", "{\"ts\": " + (ts + 1) + ", \"floor\": 6}"));
        c.disconnect().waitForCompletion(5_000);
        assertEquals(2, count("elv-0203"));
    }

    @Test
    void certificateOfAnotherDeviceIsRefusedWithNotAuthorized() throws Exception {
        long refusedBefore = gw.app.pipeline().stats().refused("mqtt", Rejection.Reason.NOT_AUTHORIZED);
        // elv-0203's certificate, naming elv-0204 with elv-0204's own (right) token
        MqttException e = assertThrows(MqttException.class, () -> connect(gw.app.mqttTlsPort(),
                context(tls.resolve("ca.pem"), tls, "elv-0203"), "elv-0204", gw.tokens.get("elv-0204")));
        assertEquals(NOT_AUTHORIZED, e.getReasonCode());
        assertTrue(logged("certificate CN 'elv-0203'", "the certificate is device elv-0203's but the CONNECT names device elv-0204"),
                log.list.toString());
        // the same with mosquitto_pub (MQTT 5): refused with its reason
        Run r = mosquittoPub(gw.app.mqttTlsPort(), "--cafile", file("ca.pem"), "--cert", file("devices/elv-0203.pem"),
                "--key", file("devices/elv-0203.key"), "-V", "mqttv5", "-q", "1", "-u", "elv-0204", "-P", gw.tokens.get("elv-0204"),
                "-t", "devices/elv-0204/telemetry", "-m", "{\"floor\": 9}");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.output().toLowerCase().contains("not authorized"), r.output());
        // MQTT 3.1.1: return code 5, not authorised
        Run r311 = mosquittoPub(gw.app.mqttTlsPort(), "--cafile", file("ca.pem"), "--cert", file("devices/elv-0203.pem"),
                "--key", file("devices/elv-0203.key"), "-V", "mqttv311", "-q", "1", "-u", "elv-0204", "-P", gw.tokens.get("elv-0204"),
                "-t", "devices/elv-0204/telemetry", "-m", "{\"floor\": 9}");
        assertNotEquals(0, r311.exit(), r311.toString());
        assertTrue(r311.output().contains("Connection Refused: not authorised"), r311.output());
        assertEquals(refusedBefore + 3, gw.app.pipeline().stats().refused("mqtt", Rejection.Reason.NOT_AUTHORIZED));
        assertEquals(0, count("elv-0204"));
    }

    @Test
    void certificateOfAnUnregisteredDeviceIsRefused() throws Exception {
        MqttException e = assertThrows(MqttException.class,
                () -> connect(gw.app.mqttTlsPort(), context(tls.resolve("ca.pem"), tls, "elv-9999"), null, null));
        assertEquals(NOT_AUTHORIZED, e.getReasonCode());
        assertTrue(logged("certificate CN 'elv-9999'", "certificate CN 'elv-9999' is not a registered device"), log.list.toString());
    }

    @Test
    void certificateFromAnotherCaFailsTheHandshake() throws Exception {
        // elv-0203 is registered, but this certificate of it was not signed by mqtt.client_ca_file
        long refusedLogIns = refusedLogIns();
        MqttException e = assertThrows(MqttException.class,
                () -> connect(gw.app.mqttTlsPort(), context(tls.resolve("ca.pem"), otherCa, "elv-0203"), null, null));
        // TLS 1.3: the client may learn of the refusal during the handshake or as the connection closing after it
        assertTrue(e.getReasonCode() == CONNECTION_LOST || causes(e).stream().anyMatch(t -> t instanceof SSLException), e.toString());
        Run r = mosquittoPub(gw.app.mqttTlsPort(), "--cafile", file("ca.pem"), "--cert", otherCa.resolve("devices/elv-0203.pem").toString(),
                "--key", otherCa.resolve("devices/elv-0203.key").toString(), "-q", "1",
                "-t", "devices/elv-0203/telemetry", "-m", "{\"floor\": 99}");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(db.query("SELECT floor FROM elevator WHERE floor = 99").isEmpty());
        assertEquals(refusedLogIns, refusedLogIns(), "the gateway saw no CONNECT: the handshake failed before it");
    }

    private long refusedLogIns() {
        return gw.app.pipeline().stats().refused("mqtt", Rejection.Reason.NOT_AUTHORIZED)
                + gw.app.pipeline().stats().refused("mqtt", Rejection.Reason.BAD_CREDENTIALS);
    }

    @Test
    void requiredClientAuthNeedsACertificateAndNoToken() throws Exception {
        int port = strict.app.mqttTlsPort();
        // the right token but no certificate: the handshake fails
        Run noCert = mosquittoPub(port, "--cafile", file("ca.pem"), "-q", "1", "-u", "elv-0301", "-P", strict.tokens.get("elv-0301"),
                "-t", "devices/elv-0301/telemetry", "-m", "{\"floor\": 1}");
        assertNotEquals(0, noCert.exit(), noCert.toString());
        assertThrows(MqttException.class, () -> connect(port, context(tls.resolve("ca.pem"), null, null), "elv-0301",
                strict.tokens.get("elv-0301")));
        assertEquals(0, count("elv-0301"));

        long ts = System.currentTimeMillis() - 4000;
        MqttAsyncClient c = connect(port, context(tls.resolve("ca.pem"), tls, "elv-0301"), null, null);
        assertEquals(0, publish(c, "devices/elv-0301/telemetry", "{\"ts\": " + ts + ", \"floor\": 30}"));
        c.disconnect().waitForCompletion(5_000);
        QueryResult.Series s = db.query("SELECT floor FROM elevator WHERE device = 'elv-0301'").single();
        assertEquals(30L, ((Number) s.value(0, "floor")).longValue());
        assertEquals(ts, ((Number) s.value(0, "time")).longValue());
        // plain HTTP there: HTTPS is configured per gateway
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + strict.app.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void httpsServesTheApiAndPlainHttpToItFails() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(context(tls.resolve("ca.pem"), null, null))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> ok = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.app.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"status\":\"UP\""), ok.body());

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gw.app.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()));
        // and a client without the CA does not trust it
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + gw.app.httpPort() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private boolean logged(String... parts) {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> java.util.Arrays.stream(parts).allMatch(m::contains));
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> list = new ArrayList<>();
        for (Throwable c = t; c != null && !list.contains(c); c = c.getCause()) list.add(c);
        return list;
    }
}
