package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A private Apache Kafka broker in KRaft mode: one combined broker and controller node (node id 1)
 * started as a child JVM ({@code kafka.Kafka}) from the Kafka jars on the test class path, with a
 * PLAINTEXT listener and a controller listener on free loopback ports and its data in a temporary
 * directory. Replication factors and minimum in-sync replicas are 1, topics are not created
 * automatically, and consumer session timeouts down to 1 s are allowed.
 *
 * <p>The broker logs through SLF4J; where logback is the binding (as in the Vigil modules' tests)
 * it writes INFO and above to {@link #logFile()}, without the configuration dumps.
 */
public final class KafkaBroker implements AutoCloseable {
    /** How long to wait for the formatted broker to answer {@code describeCluster}. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final long STOP_GRACE_MILLIS = 30_000;
    /** The storage formatting tool of Kafka 4.x (kafka_2.13), run as {@code format -t id -c props --standalone}. */
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    /** The broker's main class (kafka_2.13). */
    static final String MAIN_CLASS = "kafka.Kafka";
    /** Small heaps and few threads: the broker shares a small machine with the tests. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-Djava.awt.headless=true");

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path properties;
    private final ServerProcess process;
    private boolean closed;

    private KafkaBroker(Path dir, int port, int controllerPort, Path properties, ServerProcess process) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.properties = properties;
        this.process = process;
    }

    /**
     * Formats and starts a broker and waits until it answers (tries new ports when one was taken
     * meanwhile); fails with the tail of its log.
     */
    public static KafkaBroker start() {
        return start(Map.of());
    }

    /**
     * Like {@link #start()} with further broker settings ({@code server.properties} keys), which
     * replace the defaults of the same name.
     */
    public static KafkaBroker start(Map<String, String> brokerConfig) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("vigil-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
            }
            List<Integer> ports = FreePorts.find(2);
            Path props = dir.resolve("server.properties");
            Path log = dir.resolve("kafka.log");
            Path logback = dir.resolve("logback.xml");
            KafkaBroker broker = new KafkaBroker(dir, ports.get(0), ports.get(1), props,
                    new ServerProcess("kafka", javaCommand(logback, "-Xmx512m", MAIN_CLASS, props.toString()), log, dir));
            try {
                Files.writeString(props, broker.serverProperties(brokerConfig), StandardCharsets.UTF_8);
                Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
                broker.format(logback, log);
                broker.launch();
                return broker;
            } catch (IOException e) {
                broker.close();
                throw new UncheckedIOException("cannot write the Kafka configuration in " + dir, e);
            } catch (IllegalStateException e) {
                broker.close();
                // another process took one of the free ports meanwhile: try new ones; any other failure is final
                if (!String.valueOf(e.getMessage()).contains("Address already in use")) throw e;
                last = e;
            }
        }
        throw last;
    }

    private String serverProperties(Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "1000");
        // after kill() the controller refuses the restarted broker's registration (DUPLICATE_BROKER_REGISTRATION)
        // until the killed incarnation's session has expired: 9 s by default
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.putAll(overrides);
        StringBuilder sb = new StringBuilder("# written by dev.vigil.testkit.KafkaBroker\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString();
    }

    private static List<String> javaCommand(Path logback, String maxHeap, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(maxHeap);
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-Dlogback.configurationFile=" + logback);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Formats the log directory for a new cluster (its metadata log with this node as the only voter). */
    private void format(Path logback, Path log) {
        List<String> cmd = javaCommand(logback, "-Xmx256m", STORAGE_TOOL, "format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + STORAGE_TOOL, e);
        }
        try {
            if (!p.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(STORAGE_TOOL + " did not finish within " + FORMAT_TIMEOUT.toSeconds()
                        + " s; log " + log + ":\n" + process.logTail(30));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka storage", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(STORAGE_TOOL + " format exited with code " + p.exitValue() + "; log " + log
                    + ":\n" + process.logTail(30));
        }
    }

    /** Starts the broker process and waits until it answers describeCluster with itself as a node. */
    private void launch() {
        process.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            // the PLAINTEXT listener opens once the broker is registered and unfenced: no client before that
            while (!FreePorts.accepts(port)) {
                checkAlive(deadline);
                Thread.sleep(50);
            }
            try (Admin admin = admin(2_000)) {
                while (true) {
                    checkAlive(deadline);
                    try {
                        var nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                        if (nodes.stream().map(Node::id).anyMatch(id -> id == 1)) return;
                    } catch (ExecutionException | TimeoutException e) {
                        Thread.sleep(50); // not ready yet
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private void checkAlive(long deadline) {
        if (!process.alive()) {
            throw new IllegalStateException("Kafka broker " + process.exitDescription() + " before answering on "
                    + bootstrapServers() + "; log " + process.logFile() + ":\n" + process.logTail(40));
        }
        if (System.nanoTime() > deadline) {
            String tail = process.logTail(40);
            process.stop(5_000);
            throw new IllegalStateException("Kafka broker did not answer on " + bootstrapServers() + " within "
                    + START_TIMEOUT.toSeconds() + " s; log " + process.logFile() + ":\n" + tail);
        }
    }

    private Admin admin(int requestTimeoutMs) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "vigil-testkit-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(requestTimeoutMs, 10_000),
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200));
    }

    /** The clients' {@code bootstrap.servers}, e.g. {@code 127.0.0.1:41234}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's PLAINTEXT port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The broker's log (also the storage tool's output). */
    public Path logFile() {
        return process.logFile();
    }

    /** The last lines of the broker's log. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    /** The broker's process id, or -1 when it does not run. */
    public long pid() {
        return process.pid();
    }

    /** True while the broker process runs. */
    public boolean running() {
        return process.alive();
    }

    /**
     * Creates a topic with replication factor 1 and waits until every partition has a leader.
     *
     * @param configs topic settings such as {@code retention.ms}; may be empty
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin(10_000)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                TopicDescription d = admin.describeTopics(Set.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
                if (d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null)) return;
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " has partitions without a leader after 30 s: " + d);
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /** Creates a topic with replication factor 1 and default settings; see {@link #createTopic(String, int, Map)}. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Stops the broker (SIGTERM, a clean shutdown), keeping its data and ports for {@link #restart()}. */
    public synchronized void stop() {
        process.stop(STOP_GRACE_MILLIS);
    }

    /** Kills the broker (SIGKILL, as a crash), keeping its data and ports for {@link #restart()}. */
    public synchronized void kill() {
        process.kill();
    }

    /**
     * Starts the broker again on the same data directory and ports after {@link #stop()} or
     * {@link #kill()} and waits until it answers; records and committed offsets are kept. No-op while it runs.
     */
    public synchronized void restart() {
        if (closed) throw new IllegalStateException("broker is closed");
        if (process.alive()) return;
        launch();
    }

    /** Stops the broker and deletes its directory (kept when {@code vigil.testkit.keep} is true). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        process.stop(STOP_GRACE_MILLIS);
        if (!Boolean.getBoolean("vigil.testkit.keep")) ServerProcess.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", controller 127.0.0.1:" + controllerPort + ", dir " + dir + "]";
    }

    /** The child's logback configuration: INFO to stdout (the log file), without the configuration dumps. */
    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n</pattern></encoder>
              </appender>
              <logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
              <logger name="kafka.request.logger" level="WARN"/>
              <logger name="state.change.logger" level="WARN"/>
              <logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
              <root level="INFO"><appender-ref ref="OUT"/></root>
            </configuration>
            """;
}
