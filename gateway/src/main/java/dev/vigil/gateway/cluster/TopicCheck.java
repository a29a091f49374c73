package dev.vigil.gateway.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What the cluster's topics must be, and whether they are: used by the gateway at start (missing
 * topics or wrong partition counts stop it) and by {@code vigil cluster check} (which also reports
 * replication and clean-up policy, and can create what is missing).
 */
public final class TopicCheck {
    private static final long TIMEOUT_S = 20;

    /**
     * One topic's verdict.
     *
     * @param topic   the topic
     * @param ok      exists with the expected settings
     * @param fatal   a gateway cannot run with it (missing, or a partition count that breaks the device → partition mapping)
     * @param message what was found, and what to do
     */
    public record Finding(String topic, boolean ok, boolean fatal, String message) {}

    /** The settings a topic should have. */
    public record Spec(String name, int partitions, int replication, Map<String, String> configs, String purpose) {
        /** The command that creates it with Kafka's own tool. */
        public String createCommand(String bootstrap) {
            StringBuilder sb = new StringBuilder("kafka-topics.sh --bootstrap-server ").append(bootstrap).append(" --create --topic ")
                    .append(name).append(" --partitions ").append(partitions).append(" --replication-factor ").append(replication);
            configs.forEach((k, v) -> sb.append(" --config ").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    private TopicCheck() {
    }

    /** The three topics of a configuration. */
    public static List<Spec> specs(ClusterConfig c) {
        String minIsr = String.valueOf(Math.max(1, Math.min(2, c.replication() - 1)));
        Map<String, String> telemetry = new LinkedHashMap<>();
        telemetry.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        telemetry.put(TopicConfig.RETENTION_MS_CONFIG, "604800000");
        telemetry.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        Map<String, String> state = new LinkedHashMap<>();
        state.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        state.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        Map<String, String> alerts = new LinkedHashMap<>();
        alerts.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        alerts.put(TopicConfig.RETENTION_MS_CONFIG, "7776000000");
        alerts.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minIsr);
        return List.of(
                new Spec(c.telemetryTopic(), c.partitions(), c.replication(), telemetry, "readings keyed by device id"),
                new Spec(c.stateTopic(), c.partitions(), c.replication(), state, "rule state per device (compacted)"),
                new Spec(c.alertsTopic(), 1, c.replication(), alerts, "alert events, one order (90 days kept: the alert log)"));
    }

    /** Checks every topic against its spec. Blocking. */
    public static List<Finding> check(Admin admin, ClusterConfig c) throws InterruptedException {
        List<Finding> out = new ArrayList<>();
        for (Spec s : specs(c)) out.add(check(admin, s, c.bootstrapServers()));
        return out;
    }

    private static Finding check(Admin admin, Spec s, String bootstrap) throws InterruptedException {
        TopicDescription d;
        try {
            d = admin.describeTopics(List.of(s.name())).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(s.name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return new Finding(s.name(), false, true, "topic " + s.name() + " (" + s.purpose() + ") does not exist; create it: "
                        + s.createCommand(bootstrap));
            }
            throw new IllegalStateException("cannot describe topic " + s.name() + " on " + bootstrap + ": " + e.getCause().getMessage(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within " + TIMEOUT_S + " s", e);
        }
        List<String> wrong = new ArrayList<>();
        boolean fatal = false;
        int partitions = d.partitions().size();
        if (partitions != s.partitions()) {
            wrong.add(partitions + " partitions, expected " + s.partitions());
            fatal = true;
        }
        int replication = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
        if (replication < s.replication()) wrong.add("replication factor " + replication + ", expected " + s.replication());
        try {
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, s.name());
            Config cfg = admin.describeConfigs(List.of(r)).all().get(TIMEOUT_S, TimeUnit.SECONDS).get(r);
            ConfigEntry policy = cfg.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String expected = s.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
            if (policy != null && !policy.value().equals(expected)) {
                wrong.add("cleanup.policy " + policy.value() + ", expected " + expected);
                if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(expected)) fatal = true;
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            wrong.add("its settings could not be read: " + e.getMessage());
        }
        if (wrong.isEmpty()) {
            return new Finding(s.name(), true, false, "topic " + s.name() + ": " + partitions + " partitions, replication " + replication + ", ok");
        }
        return new Finding(s.name(), false, fatal, "topic " + s.name() + ": " + String.join(", ", wrong)
                + (fatal ? " (delete it and create it again: " + s.createCommand(bootstrap) + ")" : ""));
    }

    /** Creates the topics that do not exist. Blocking. */
    public static List<String> createMissing(Admin admin, ClusterConfig c) throws InterruptedException, ExecutionException {
        List<String> created = new ArrayList<>();
        for (Spec s : specs(c)) {
            Finding f = check(admin, s, c.bootstrapServers());
            if (f.ok() || !f.message().contains("does not exist")) continue;
            NewTopic t = new NewTopic(s.name(), s.partitions(), (short) s.replication()).configs(s.configs());
            try {
                admin.createTopics(List.of(t)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka did not create " + s.name() + " within " + TIMEOUT_S + " s", e);
            }
            created.add(s.name());
        }
        // a topic just created may take a moment to show in every broker's metadata
        long deadline = System.currentTimeMillis() + TIMEOUT_S * 1000;
        for (String name : created) {
            while (true) {
                try {
                    admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.currentTimeMillis() > deadline) throw new IllegalStateException("topic " + name + " created but not visible", e);
                    Thread.sleep(100);
                }
            }
        }
        return created;
    }
}
