package dev.vigil.gateway.spool;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryWriter;
import dev.vigil.testkit.FreePorts;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as its own operating-system process ({@code vigil gateway -c <file>} on the test
 * class path), so a test can SIGKILL it and start it again on the same spool: a config file with
 * free ports, a registry written with the real {@link RegistryWriter}, and a log file.
 */
final class GatewayProcess implements AutoCloseable {
    static final Path PROFILES = Path.of("..", "device-profiles", "profiles").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path dir;
    final Path spool;
    final Path log;
    final int mqttPort;
    final int httpPort;
    final int coapPort;
    final Map<String, String> tokens = new LinkedHashMap<>();
    private final Path config;
    private Process process;

    /**
     * @param devices   id → profile; a Modbus device's connection is given in {@code modbus} (id → "port:unit")
     * @param extraYaml more configuration appended as is (e.g. a {@code spool:} limit)
     */
    GatewayProcess(Path dir, String influxUrl, String database, Map<String, String> devices, Map<String, String> modbus,
                   long maxSpoolBytes) throws Exception {
        this.dir = dir;
        this.spool = dir.resolve("spool");
        this.log = dir.resolve("gateway.log");
        List<Integer> ports = FreePorts.find(2);
        this.mqttPort = ports.get(0);
        this.httpPort = ports.get(1);
        try (DatagramSocket s = new DatagramSocket(0)) {
            this.coapPort = s.getLocalPort();
        }
        Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(PROFILES);
        Path registry = dir.resolve("devices.yaml");
        for (Map.Entry<String, String> e : devices.entrySet()) {
            Map<String, Object> connection = null;
            String m = modbus.get(e.getKey());
            if (m != null) {
                String[] pu = m.split(":");
                connection = Map.of("modbus", Map.of("host", "127.0.0.1", "port", Integer.parseInt(pu[0]),
                        "unit", Integer.parseInt(pu[1]), "interval_ms", 200, "timeout_ms", 500));
            }
            Device d = new Device(e.getKey(), e.getValue(), "Test Co.", "wuhai-haibowan", Map.of(), null, connection);
            tokens.put(e.getKey(), RegistryWriter.add(registry, d, profiles));
        }
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("zones"));
        this.config = dir.resolve("vigil.yaml");
        Files.writeString(config, """
                profiles: %s
                registry: %s
                rules: %s
                zones: %s
                mqtt: {host: 127.0.0.1, port: %d, instances: 1}
                http: {host: 127.0.0.1, port: %d}
                influx: {url: %s, database: %s, timeout_ms: 2000}
                coap: {host: 127.0.0.1, port: %d, retry_after_ms: 7000}
                modbus: {enabled: true}
                alerts: {enabled: false}
                spool: {dir: %s, max_bytes: %d, backoff_initial_ms: 200, backoff_max_ms: 1000}
                auth: {users: %s}
                """.formatted(PROFILES, registry, dir.resolve("rules"), dir.resolve("zones"), mqttPort, httpPort,
                influxUrl, database, coapPort, spool, maxSpoolBytes,
                dev.vigil.gateway.support.TestGateway.writeAdminUsers(dir.resolve("users.yaml"))));
    }

    /** Starts the gateway process and waits until {@code /ready} answers 200. */
    void start() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", cp, "dev.vigil.gateway.cli.VigilCli", "gateway", "-c", config.toString()));
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            org.awaitility.Awaitility.await("gateway ready").atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                        if (!process.isAlive()) throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + logText());
                        return get("/ready").statusCode() == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("gateway not ready after 60 s:\n" + logText(), e);
        }
    }

    /** GET on the gateway's HTTP API; status -1 when it does not answer. */
    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", dev.vigil.gateway.support.TestGateway.ADMIN_AUTH)
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unanswered(path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One value of {@code /metrics} (the first sample of that name), or NaN. */
    double metric(String name) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook stops the gateway (the spool flushes its memtable to a file). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    String coapUri(String device) {
        return "coap://127.0.0.1:" + coapPort + "/api/v1/" + tokens.get(device) + "/telemetry";
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) kill9();
    }

    /** A response standing for "nothing answered". */
    private record Unanswered(String path) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return URI.create("http://127.0.0.1" + path); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
