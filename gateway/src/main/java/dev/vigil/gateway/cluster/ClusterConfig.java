package dev.vigil.gateway.cluster;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

/**
 * Cluster mode on Apache Kafka ({@code cluster:} in the configuration; off by default: one
 * single-node gateway with its spool). When on, every gateway takes devices on every protocol and
 * produces their validated readings to the telemetry topic keyed by device id; rule evaluation,
 * InfluxDB writing and Modbus polling are shared out by Kafka's consumer groups, so each device's
 * rule state lives on exactly one gateway at a time.
 *
 * @param enabled            run in cluster mode
 * @param bootstrapServers   Kafka brokers, comma-separated host:port
 * @param nodeId             this gateway's name in logs and consumer client ids (empty: host and ports)
 * @param groupPrefix        consumer groups are {@code <prefix>-rules}, {@code -storage} and {@code -alert-store}
 * @param telemetryTopic     readings, keyed by device id
 * @param stateTopic         compacted: each device's rule state at the last checkpoint, keyed by device id
 * @param alertsTopic        every alert event, in one partition (one order for the alert chain)
 * @param partitions         partitions of the telemetry and state topics (equal: a device has the same number in both)
 * @param replication        replication factor the topics should have ({@code vigil cluster check})
 * @param sessionTimeoutMs   consumer session timeout: how long a dead gateway keeps its partitions
 * @param checkpointMs       how often rule states of changed devices are written and offsets committed
 * @param produceTimeoutMs   how long a reading may wait for Kafka's acknowledgement before the device is refused
 */
public record ClusterConfig(
        @Setting(def = "false") boolean enabled,
        @Setting(def = "127.0.0.1:9092", env = "VIGIL_KAFKA") String bootstrapServers,
        @Setting(def = "") String nodeId,
        @Setting(def = "vigil") String groupPrefix,
        @Setting(def = "vigil.telemetry") String telemetryTopic,
        @Setting(def = "vigil.state") String stateTopic,
        @Setting(def = "vigil.alerts") String alertsTopic,
        @Setting(def = "12") int partitions,
        @Setting(def = "3") int replication,
        @Setting(def = "10000") int sessionTimeoutMs,
        @Setting(def = "1000") long checkpointMs,
        @Setting(def = "10000") int produceTimeoutMs) {
    public ClusterConfig {
        if (nodeId == null) nodeId = "";
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("cluster.bootstrap_servers must name at least one broker (host:port)");
        }
        for (String t : new String[] {telemetryTopic, stateTopic, alertsTopic}) {
            if (t == null || !t.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("cluster topic names may hold letters, digits, '.', '_' and '-' only, got '" + t + "'");
            }
        }
        if (partitions <= 0) throw new IllegalArgumentException("cluster.partitions must be positive, got " + partitions);
        if (replication <= 0) throw new IllegalArgumentException("cluster.replication must be positive, got " + replication);
        if (sessionTimeoutMs < 1000) throw new IllegalArgumentException("cluster.session_timeout_ms must be at least 1000, got " + sessionTimeoutMs);
        if (checkpointMs <= 0) throw new IllegalArgumentException("cluster.checkpoint_ms must be positive, got " + checkpointMs);
        if (produceTimeoutMs < 1000) throw new IllegalArgumentException("cluster.produce_timeout_ms must be at least 1000, got " + produceTimeoutMs);
    }

    /** The declared defaults (cluster mode off). */
    public static ClusterConfig defaults() {
        return GatewayConfig.defaults().cluster();
    }

    /** Consumer group of rule evaluation. */
    public String rulesGroup() {
        return groupPrefix + "-rules";
    }

    /** Consumer group of the InfluxDB writers. */
    public String storageGroup() {
        return groupPrefix + "-storage";
    }

    /** Consumer group of the alert event writer (one member writes; the others stand by). */
    public String alertStoreGroup() {
        return groupPrefix + "-alert-store";
    }
}
