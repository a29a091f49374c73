package dev.vigil.gateway.cluster;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One gateway of a cluster test as its own operating-system process ({@code vigil gateway -c FILE}
 * on the test class path), so that a test can SIGKILL it: its own ports and log, the site's
 * registry, rules, users, database and topics.
 */
final class ClusterGateway implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String node;
    final Path log;
    final int mqttPort;
    final int httpPort;
    final int coapPort;
    private final Path config;
    private Process process;

    ClusterGateway(ClusterSite site, String node) throws Exception {
        this.node = node;
        Path dir = Files.createDirectories(site.dir.resolve(node));
        this.log = dir.resolve("gateway.log");
        List<Integer> ports = FreePorts.find(2);
        this.mqttPort = ports.get(0);
        this.httpPort = ports.get(1);
        try (DatagramSocket s = new DatagramSocket(0)) {
            this.coapPort = s.getLocalPort();
        }
        ClusterConfig c = site.clusterConfig;
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
                jt808: {enabled: false}
                hj212: {enabled: false}
                alerts: {tick_ms: 200, warmup_ms: 0, rule_contexts: 1, reload_poll_ms: 0}
                cases: %s
                spool: {dir: %s}
                auth: {users: %s}
                cluster:
                  enabled: true
                  bootstrap_servers: %s
                  node_id: %s
                  group_prefix: %s
                  telemetry_topic: %s
                  state_topic: %s
                  alerts_topic: %s
                  partitions: %d
                  replication: %d
                  session_timeout_ms: %d
                  checkpoint_ms: %d
                  produce_timeout_ms: %d
                """.formatted(ClusterSite.PROFILES, site.registry, site.rules, site.zones, mqttPort, httpPort, site.influx.url(),
                site.database, coapPort, site.cases, dir.resolve("spool"), site.users, c.bootstrapServers(), node, c.groupPrefix(),
                c.telemetryTopic(), c.stateTopic(), c.alertsTopic(), c.partitions(), c.replication(), c.sessionTimeoutMs(),
                c.checkpointMs(), c.produceTimeoutMs()));
    }

    /** Starts the process and waits until {@code /ready} answers 200. */
    ClusterGateway start() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, "dev.vigil.gateway.cli.VigilCli", "gateway", "-c", config.toString()));
        try {
            process = new ProcessBuilder(cmd).directory(config.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start gateway " + node, e);
        }
        try {
            Awaitility.await("gateway " + node + " ready").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) throw new AssertionError("gateway " + node + " exited with " + process.exitValue() + ":\n" + logText());
                HttpResponse<String> r = get("/ready");
                return r != null && r.statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("gateway " + node + " not ready after 90 s:\n" + logText(), e);
        }
        return this;
    }

    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", TestGateway.ADMIN_AUTH).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST of a JSON body with the admin's token; the response (status -1 when nothing answered). */
    HttpResponse<String> post(String path, String json) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", TestGateway.ADMIN_AUTH).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " to " + node + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One case as this gateway's API shows it. */
    JsonObject caseOf(String id) {
        HttpResponse<String> r = get("/api/v1/cases/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
        if (r == null || r.statusCode() != 200) return null;
        return new JsonObject(r.body());
    }

    /** The partitions this gateway evaluates now (from {@code /ready}: storage.owned_partitions). */
    Set<Integer> ownedPartitions() {
        Set<Integer> out = new HashSet<>();
        HttpResponse<String> r = get("/ready");
        if (r == null || r.body().isEmpty()) return out;
        JsonObject storage = new JsonObject(r.body()).getJsonObject("storage");
        JsonArray owned = storage == null ? null : storage.getJsonArray("owned_partitions");
        if (owned != null) for (Object o : owned) out.add(((Number) o).intValue());
        return out;
    }

    /** One value of {@code /metrics}: the sum of every sample of that name with all these label pairs. */
    double metric(String name, String... labels) {
        HttpResponse<String> r = get("/metrics");
        if (r == null) return Double.NaN;
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (!line.startsWith(name + " ") && !line.startsWith(name + "{")) continue;
            boolean all = true;
            for (String l : labels) all &= line.contains(l);
            if (all) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    /** The alerts this gateway's API lists (every alert of the cluster), as JSON. */
    JsonArray alerts(String query) {
        HttpResponse<String> r = get("/api/alerts" + query);
        if (r == null || r.statusCode() != 200) throw new AssertionError("alerts of " + node + ": " + (r == null ? "no answer" : r.body()));
        String body = r.body().trim();
        return body.startsWith("[") ? new JsonArray(body) : new JsonObject(body).getJsonArray("alerts");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** SIGKILL: no shutdown hook, no checkpoint, no hand-over. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook checkpoints and hands the partitions over. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) kill9();
    }
}
