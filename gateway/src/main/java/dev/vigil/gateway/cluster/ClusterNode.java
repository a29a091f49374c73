package dev.vigil.gateway.cluster;

import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.rulehost.RulesVerticle;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.storage.InfluxWriter;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One gateway's part in a Vigil cluster: the producer every reading, alert event and rule state
 * goes through, and the four consumers on their own threads: rule evaluation by partition
 * ({@link RulesConsumer}), InfluxDB writing by partition ({@link StorageConsumer}), the alert log
 * every gateway reads whole ({@link AlertLog}, for the API, the console and take-overs) and its
 * single writer ({@link AlertStoreConsumer}).
 */
public final class ClusterNode {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final Vertx vertx;
    private final ClusterConfig config;
    private volatile Supplier<DeviceRegistry> registry;
    private final String nodeId;
    private final Producer<String, byte[]> producer;
    private final KafkaTelemetrySink sink;
    private final ClusterAlerts alerts;
    private final Ownership ownership;
    private final List<Thread> threads = new ArrayList<>();
    private AlertLog alertLog;
    private RulesConsumer rulesConsumer;
    private StorageConsumer storage;
    private AlertStoreConsumer alertStore;
    private final InfluxWriter storageWriter;
    private volatile boolean started;

    private final InfluxConfig influx;

    /**
     * @param influx where this gateway's share of the storage group writes (the gateways' common InfluxDB)
     */
    public ClusterNode(Vertx vertx, ClusterConfig config, Supplier<DeviceRegistry> registry, String nodeId, int recentClosed,
                       InfluxConfig influx) {
        this.influx = influx;
        this.storageWriter = new InfluxWriter(influx);
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.nodeId = nodeId;
        this.producer = new KafkaProducer<>(KafkaProps.producer(config, nodeId));
        this.sink = new KafkaTelemetrySink(vertx, producer, config, this);
        this.alerts = new ClusterAlerts(recentClosed);
        this.ownership = new Ownership(config.partitions());
    }

    /** Decode with the gateway's registry from now on (it follows the registry file). */
    public void useRegistry(Supplier<DeviceRegistry> current) {
        this.registry = current;
    }

    public ClusterConfig config() {
        return config;
    }

    public String nodeId() {
        return nodeId;
    }

    /** The sink the pipeline writes readings to (the telemetry topic). */
    public KafkaTelemetrySink sink() {
        return sink;
    }

    /** Every alert of the cluster, from the alert log. */
    public ClusterAlerts alerts() {
        return alerts;
    }

    /** The devices this gateway evaluates (and polls) now. */
    public Ownership ownership() {
        return ownership;
    }

    /** Where the rule contexts send alert events: the alerts topic, keyed by device. */
    public Consumer<AlertEvent> alertOutput() {
        return e -> producer.send(new ProducerRecord<>(config.alertsTopic(), e.deviceId(), AlertCodec.encode(e)), (md, ex) -> {
            if (ex != null) LOG.error("cluster: alert event {} {} not written to Kafka: {}", e.kind(), e.alertId(), ex.getMessage());
        });
    }

    /** Where the disposal cases send their steps: the alerts topic, keyed by device (one log for alerts and cases). */
    public Consumer<dev.vigil.gateway.alerts.CaseEvent> caseOutput() {
        return e -> producer.send(new ProducerRecord<>(config.alertsTopic(), e.deviceId(), AlertCodec.encode(e)), (md, ex) -> {
            if (ex != null) LOG.error("cluster: case step {} of {} not written to Kafka: {}", e.kind(), e.alertId(), ex.getMessage());
        });
    }

    /** Whether this gateway writes the alert log now: it alone makes the cases' automatic steps (escalations, auto_close). */
    public boolean alertLogWriter() {
        AlertStoreConsumer s = alertStore;
        return s != null && s.leader();
    }

    /**
     * Checks that the topics exist with the configured partitions (blocking; on a worker): a
     * gateway does not create topics itself; {@code vigil cluster check --create} does.
     */
    public Future<Void> checkTopics() {
        return vertx.executeBlocking(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
                List<TopicCheck.Finding> findings = TopicCheck.check(admin, config);
                List<String> problems = new ArrayList<>();
                for (TopicCheck.Finding f : findings) if (f.fatal()) problems.add(f.message());
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("cluster: " + String.join("; ", problems)
                            + " (see `vigil cluster check`, which says how to create them, or creates them with --create)");
                }
                for (TopicCheck.Finding f : findings) if (!f.ok()) LOG.warn("cluster: {}", f.message());
            }
            return null;
        }, false);
    }

    /** Starts the alert log and waits until it is read to its end (so the API has every alert); then the group members. */
    public Future<Void> start(RulesVerticle rules, int ruleQueue, InfluxAlertStore store) {
        alertLog = new AlertLog(config, alerts, vertx, nodeId + "-alert-log");
        spawn("vigil-cluster-alert-log", alertLog);
        return vertx.<Void>executeBlocking(() -> {
            if (!alertLog.awaitCaughtUp(120_000)) throw new IllegalStateException("cluster: the alert log could not be read from Kafka");
            if (rules != null) {
                rulesConsumer = new RulesConsumer(config, registry(), rules, producer, alertLog, alerts, ownership, nodeId + "-rules", ruleQueue);
                spawn("vigil-cluster-rules", rulesConsumer);
            }
            if (store != null) {
                alertStore = new AlertStoreConsumer(config, store, vertx, nodeId + "-alert-store");
                spawn("vigil-cluster-alert-store", alertStore);
            }
            if (influx.createDatabase()) {
                try {
                    storageWriter.createDatabase(); // as a single-node gateway does: a fresh InfluxDB works at once
                } catch (RuntimeException e) {
                    LOG.warn("cluster: could not create InfluxDB database '{}' (writes are retried until it exists): {}", influx.database(),
                            e.getMessage());
                }
            }
            storage = new StorageConsumer(config, registry(), storageWriter, nodeId + "-storage");
            spawn("vigil-cluster-storage", storage);
            started = true;
            LOG.info("cluster node {} started on {}: telemetry {} ({} partitions), alerts {}, states {}", nodeId, config.bootstrapServers(),
                    config.telemetryTopic(), config.partitions(), config.alertsTopic(), config.stateTopic());
            return null;
        }, false);
    }

    private Supplier<DeviceRegistry> registry() {
        return () -> registry.get();
    }

    private void spawn(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    /** Facts for {@code /health} and {@code /ready}. */
    public JsonObject health() {
        return new JsonObject().put("status", started ? "UP" : "STARTING").put("kind", "kafka " + config.bootstrapServers())
                .put("node", nodeId).put("owned_partitions", new io.vertx.core.json.JsonArray(new ArrayList<>(ownership.partitions())))
                .put("produced", sink.produced()).put("refused", sink.failed()).put("open_alerts", alerts.openCount());
    }

    /**
     * Stops the consumers (the rules consumer checkpoints and hands its partitions over as it
     * leaves the group), then flushes and closes the producer. Blocking parts run on a worker.
     */
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            if (rulesConsumer != null) rulesConsumer.stop();
            if (storage != null) storage.stop();
            if (alertStore != null) alertStore.stop();
            if (alertLog != null) alertLog.stop();
            for (Thread t : threads) t.join(30_000);
            producer.flush();
            producer.close(java.time.Duration.ofSeconds(10));
            storageWriter.close();
            return null;
        }, false);
    }

    /** The InfluxDB writer of this gateway's share of the storage group (for the metrics). */
    public InfluxWriter storageWriter() {
        return storageWriter;
    }

    /** Readings stored in InfluxDB by this gateway's share of the storage group. */
    public long stored() {
        return storage == null ? 0 : storage.stored();
    }

}
