package dev.vigil.gateway.support;

import dev.vigil.gateway.GatewayApp;
import dev.vigil.gateway.coap.CoapConfig;
import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.storage.InfluxTelemetrySink;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.InfluxDatabase;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole gateway for tests: the shipped profiles, a registry written with the real
 * {@link RegistryWriter}, a real InfluxDB sink, and every port chosen free (port 0).
 */
public final class TestGateway implements AutoCloseable {
    public static final Path PROFILES = Path.of("..", "device-profiles", "profiles");
    /** Name of the admin every test gateway knows (unless the test brings its own users file). */
    public static final String ADMIN = "test-admin";
    private static final dev.vigil.gateway.auth.ApiToken.Issued ADMIN_TOKEN_ISSUED =
            dev.vigil.gateway.auth.ApiToken.issue("2026-01-01T00:00:00Z", "tests");
    /** An API token of {@link #ADMIN}: tests send {@code Authorization: Bearer ADMIN_TOKEN} to the /api routes. */
    public static final String ADMIN_TOKEN = ADMIN_TOKEN_ISSUED.token();
    /** The header value that authenticates as {@link #ADMIN}. */
    public static final String ADMIN_AUTH = "Bearer " + ADMIN_TOKEN;

    /** The test admin (token only, no password), to put into a users file a test writes itself. */
    public static dev.vigil.gateway.auth.User adminUser() {
        return new dev.vigil.gateway.auth.User(ADMIN, dev.vigil.gateway.auth.Role.ADMIN, java.util.List.of(), null, null,
                java.util.List.of(ADMIN_TOKEN_ISSUED.record()));
    }

    /** Writes a users file holding only the test admin. */
    public static Path writeAdminUsers(Path file) {
        dev.vigil.gateway.auth.UsersFile.save(file, java.util.List.of(adminUser()));
        return file;
    }

    public final Vertx vertx;
    public final GatewayApp app;
    /** The direct InfluxDB sink, or null when the gateway writes through the spool ({@link #startSpooled}). */
    public final InfluxTelemetrySink sink;
    /** The spool, or null when the gateway writes to InfluxDB directly. */
    public dev.vigil.gateway.spool.SpoolSink spool;
    /** Plaintext tokens of the registered devices, by id. */
    public final Map<String, String> tokens;

    private TestGateway(Vertx vertx, GatewayApp app, InfluxTelemetrySink sink, Map<String, String> tokens) {
        this.vertx = vertx;
        this.app = app;
        this.sink = sink;
        this.tokens = tokens;
    }

    /** Registers the devices (id → profile) in a registry under {@code dir} and starts a gateway writing to {@code db}. */
    public static TestGateway start(Path dir, InfluxDatabase db, Map<String, String> devices) throws Exception {
        return start(dir, db, devices, GatewayConfig.defaults());
    }

    public static TestGateway start(Path dir, InfluxDatabase db, Map<String, String> devices, GatewayConfig base) throws Exception {
        return start(dir, db, devices, base, 0, false);
    }

    /** As {@link #start(Path, InfluxDatabase, Map, GatewayConfig)}, with the MQTT endpoint on {@code mqttPort} (0: any free port). */
    public static TestGateway start(Path dir, InfluxDatabase db, Map<String, String> devices, GatewayConfig base,
                                    int mqttPort) throws Exception {
        return start(dir, db, devices, base, mqttPort, false);
    }

    private static TestGateway start(Path dir, InfluxDatabase db, Map<String, String> devices, GatewayConfig base,
                                     int mqttPort, boolean spooled) throws Exception {
        Path profilesDir = base.profiles().equals(GatewayConfig.defaults().profiles()) ? PROFILES : Path.of(base.profiles());
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(profilesDir);
        Path registryFile = dir.resolve("devices.yaml");
        Files.deleteIfExists(registryFile);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : devices.entrySet()) {
            Device d = new Device(e.getKey(), e.getValue(), "测试企业 Test Co., Ltd", "wuhai-haibowan", Map.of(), null, null);
            tokens.put(e.getKey(), RegistryWriter.add(registryFile, d, profiles));
        }
        return start(registryFile, profilesDir, tokens, db, base, mqttPort, spooled, System::currentTimeMillis);
    }

    /** Starts a gateway on a registry file written by the caller (e.g. with HJ 212 station credentials). */
    public static TestGateway startWithRegistry(Path registryFile, Path profilesDir, Map<String, String> tokens,
                                                InfluxDatabase db, GatewayConfig base) throws Exception {
        return start(registryFile, profilesDir, tokens, db, base, 0, false, System::currentTimeMillis);
    }

    /** As {@link #startWithRegistry(Path, Path, Map, InfluxDatabase, GatewayConfig)}, the disposal cases on {@code casesClock}. */
    public static TestGateway startWithRegistry(Path registryFile, Path profilesDir, Map<String, String> tokens,
                                                InfluxDatabase db, GatewayConfig base, java.util.function.LongSupplier casesClock)
            throws Exception {
        return start(registryFile, profilesDir, tokens, db, base, 0, false, casesClock);
    }

    private static TestGateway start(Path registryFile, Path profilesDir, Map<String, String> tokens,
                                     InfluxDatabase db, GatewayConfig base, int mqttPort, boolean spooled,
                                     java.util.function.LongSupplier casesClock) throws Exception {
        Path dir = registryFile.toAbsolutePath().getParent();
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(profilesDir);
        DeviceRegistry registry = RegistryLoader.load(registryFile, profiles);
        // CoAP at its defaults would bind udp/5683: off unless the test configured it
        // the test admin's token opens /api, unless the test brought its own users file
        dev.vigil.gateway.auth.AuthConfig auth = base.auth().users().equals(GatewayConfig.defaults().auth().users())
                ? base.auth().withUsers(writeAdminUsers(dir.resolve("users.yaml")).toString()) : base.auth();
        GatewayConfig config = base.withFiles(null, registryFile.toString(), null, null).withAuth(auth)
                .withEndpoints(base.mqtt().withAddress("127.0.0.1", mqttPort, 0, 1), base.http().withAddress("127.0.0.1", 0))
                .withCoap(base.coap().equals(CoapConfig.defaults()) ? ConfigLoader.fromYaml("coap: {enabled: false}").coap() : base.coap())
                .withJt808(base.jt808().withAddress("127.0.0.1", 0)
                        .withAuthCodes(dir.resolve("jt808-auth-codes.txt").toString(), base.jt808().idleTimeoutMs()))
                .withHj212(base.hj212().withAddress("127.0.0.1", 0));
        Vertx vertx = Vertx.vertx();
        // no database: an InfluxDB that is down (nothing listens on the discard port)
        InfluxConfig influx = InfluxConfig.defaults().withUrl(db == null ? "http://127.0.0.1:9" : db.url()).withDatabase(db == null ? "vigil" : db.name())
                .withBatching(1000, 20, 100_000);
        if (spooled) {
            // the spool always lives in the test's own directory, never in var/spool
            dev.vigil.gateway.spool.SpoolSink spool = dev.vigil.gateway.spool.SpoolSink.open(vertx,
                    base.spool().withDir(dir.resolve("spool").toString()), new dev.vigil.gateway.storage.InfluxWriter(influx));
            GatewayApp app = GatewayApp.start(vertx, config.withSpool(base.spool().withDir(dir.resolve("spool").toString())),
                    registry, spool).await(30, TimeUnit.SECONDS);
            TestGateway gw = new TestGateway(vertx, app, null, tokens);
            gw.spool = spool;
            return gw;
        }
        InfluxTelemetrySink sink = new InfluxTelemetrySink(vertx, influx);
        try {
            GatewayApp app = sink.start().compose(v -> GatewayApp.start(vertx, config, registry, sink,
                    new dev.vigil.gateway.metrics.GatewayMetrics(), casesClock)).await(30, TimeUnit.SECONDS);
            return new TestGateway(vertx, app, sink, tokens);
        } catch (Exception e) {
            vertx.close().await(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** A spooled gateway started while its InfluxDB is down (and stays down). */
    public static TestGateway startSpooledWithoutInflux(Path dir, Map<String, String> devices) throws Exception {
        return start(dir, null, devices, GatewayConfig.defaults(), 0, true);
    }

    /** A gateway whose readings go through the durable spool (in {@code dir}/spool) to {@code db}. */
    public static TestGateway startSpooled(Path dir, InfluxDatabase db, Map<String, String> devices, GatewayConfig base)
            throws Exception {
        return start(dir, db, devices, base, 0, true);
    }

    private static Path bareProfiles;

    /**
     * A copy of the shipped profiles without their default rules, for tests that bring their own
     * rule files and must not see the defaults fire as well. Made once per test JVM.
     */
    public static synchronized String profilesWithoutRules() {
        try {
            if (bareProfiles == null) {
                Path dir = Files.createTempDirectory("vigil-profiles-");
                try (var files = Files.list(PROFILES)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                        String text = Files.readString(f);
                        int rules = text.indexOf("\nrules:\n");
                        Files.writeString(dir.resolve(f.getFileName()), rules < 0 ? text : text.substring(0, rules + 1));
                    }
                }
                bareProfiles = dir;
            }
            return bareProfiles.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + app.mqttPort();
    }

    @Override
    public void close() throws Exception {
        app.stop().eventually(vertx::close).await(30, TimeUnit.SECONDS);
    }
}
