package dev.vigil.gateway.cluster;

import dev.vigil.gateway.rulehost.RulesVerticle;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Future;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Rule evaluation by partition: a member of the {@code <prefix>-rules} group over the telemetry
 * topic, so each device's readings, and with them its rule state, are evaluated on exactly one
 * gateway. Runs on its own thread (the rebalance callbacks block while state is handed over).
 *
 * <ul>
 *   <li><b>Checkpoint</b> every {@code cluster.checkpoint_ms}: the rule contexts evaluate what was
 *   handed to them, the state of each device that changed goes to the compacted state topic, the
 *   producer is flushed (those states and every alert event emitted so far are in Kafka), and only
 *   then are the consumed offsets committed. The committed offset and the stored states always agree.</li>
 *   <li><b>Partitions revoked</b> (a gateway joined, or this one stops): checkpoint, then forget the
 *   devices of those partitions.</li>
 *   <li><b>Partitions lost</b> (this gateway was too slow or cut off): forget without committing; the
 *   new owner continues from the last checkpoint.</li>
 *   <li><b>Partitions assigned</b>: read the state topic's same partitions to their end (the latest
 *   state of each device), wait until the alert log is read to its current end, import the states
 *   and the devices' alert events emitted since (by the previous owner after its last checkpoint),
 *   and only then consume the readings after the committed offset: pending holds, windows,
 *   last-seen times and open alerts continue where the previous owner left them.</li>
 * </ul>
 */
final class RulesConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RulesConsumer.class);
    private static final long HANDOVER_TIMEOUT_MS = 60_000;

    private final ClusterConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final RulesVerticle rules;
    private final Producer<String, byte[]> producer;
    private final AlertLog alertLog;
    private final ClusterAlerts view;
    private final Ownership ownership;
    private final String clientId;
    private final int queueLimit;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private long lastCheckpoint;
    private long skipped;
    private long failures;

    RulesConsumer(ClusterConfig config, Supplier<DeviceRegistry> registry, RulesVerticle rules, Producer<String, byte[]> producer,
                  AlertLog alertLog, ClusterAlerts view, Ownership ownership, String clientId, int queueLimit) {
        this.config = config;
        this.registry = registry;
        this.rules = rules;
        this.producer = producer;
        this.alertLog = alertLog;
        this.view = view;
        this.ownership = ownership;
        this.clientId = clientId;
        this.queueLimit = queueLimit;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.member(config, config.rulesGroup(), clientId))) {
            consumer = c;
            c.subscribe(List.of(config.telemetryTopic()), new Handover());
            lastCheckpoint = System.currentTimeMillis();
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(100));
                    if (!records.isEmpty()) hand(records);
                    if (System.currentTimeMillis() - lastCheckpoint >= config.checkpointMs()) checkpoint(c);
                } catch (WakeupException | InterruptedException stop) {
                    throw stop;
                } catch (RuntimeException e) {
                    // Kafka away, a commit refused after a rebalance ...: the next round continues from the committed state
                    if (failures++ % 20 == 0) LOG.warn("cluster: rule evaluation: {} (continuing)", e.toString());
                    Thread.sleep(Math.min(2000, 100L * Math.min(failures, 20)));
                }
            }
        } catch (WakeupException stopping) {
            // stop(): close() below revokes the partitions, which checkpoints them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("cluster: rule evaluation stopped: {}", e.getMessage(), e);
        } finally {
            ownership.clear();
        }
    }

    /** Decodes the records and hands them to the rule contexts, waiting while they are behind. */
    private void hand(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        DeviceRegistry reg = registry.get();
        List<Telemetry> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                Telemetry t = TelemetryCodec.decode(r.key(), r.value(), reg);
                if (t != null) {
                    batch.add(t);
                } else if (skipped++ % 1000 == 0) {
                    LOG.warn("cluster: readings of {} skipped by the rules: device not registered here ({} so far)", r.key(), skipped);
                }
            } catch (IllegalArgumentException bad) {
                LOG.error("telemetry {}-{} offset {}: skipped: {}", r.topic(), r.partition(), r.offset(), bad.getMessage());
            }
            positions.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
        }
        // back-pressure instead of dropping: Kafka keeps what waits
        while (running && rules.queuedReadings() > queueLimit) Thread.sleep(5);
        if (!batch.isEmpty()) rules.onTelemetry(batch);
    }

    /** Stores the changed devices' states, flushes them and the alert events, then commits the offsets handed over. */
    private void checkpoint(KafkaConsumer<String, byte[]> c) {
        lastCheckpoint = System.currentTimeMillis();
        Map<String, byte[]> states = await(rules.exportChanged());
        for (Map.Entry<String, byte[]> e : states.entrySet()) {
            String id = e.getKey();
            producer.send(new ProducerRecord<>(config.stateTopic(), Partitions.of(id, config.partitions()), id, e.getValue()));
        }
        producer.flush();
        if (positions.isEmpty()) return;
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Set<TopicPartition> owned = c.assignment();
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
            if (owned.contains(e.getKey())) commit.put(e.getKey(), new OffsetAndMetadata(e.getValue()));
        }
        if (!commit.isEmpty()) c.commitSync(commit);
        positions.keySet().retainAll(owned);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(HANDOVER_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("rule contexts did not answer: " + e.getMessage(), e);
        }
    }

    /** The registered devices whose partition is one of these. */
    private Set<String> devicesOf(Collection<TopicPartition> parts) {
        Set<Integer> numbers = new HashSet<>();
        for (TopicPartition tp : parts) numbers.add(tp.partition());
        Set<String> ids = new HashSet<>();
        for (Device d : registry.get().devices()) if (numbers.contains(Partitions.of(d.id(), config.partitions()))) ids.add(d.id());
        return ids;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
    }

    /** Hands device state over when partitions move. */
    private final class Handover implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            if (parts.isEmpty()) return;
            ownership.remove(parts);
            try {
                checkpoint(consumer);
            } catch (RuntimeException e) {
                LOG.error("cluster: checkpoint on hand-over failed (the next owner replays from the previous one): {}", e.getMessage());
            }
            await(rules.forget(devicesOf(parts)));
            LOG.info("cluster: handed over rule partitions {}", numbers(parts));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
            if (parts.isEmpty()) return;
            ownership.remove(parts);
            positions.keySet().removeAll(parts);
            await(rules.forget(devicesOf(parts)));
            LOG.warn("cluster: lost rule partitions {} (another gateway continues from their last checkpoint)", numbers(parts));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            if (parts.isEmpty()) return;
            long start = System.currentTimeMillis();
            Map<String, byte[]> states = readStates(parts);
            Set<String> devices = devicesOf(parts);
            try {
                Map<Integer, Long> alertEnds = alertEnds();
                if (!alertLog.awaitPositions(alertEnds, HANDOVER_TIMEOUT_MS)) {
                    LOG.warn("cluster: the alert log did not catch up within {} ms; taking devices over with what it has", HANDOVER_TIMEOUT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Map<String, List<AlertEvent>> events = view.recentEvents(devices);
            await(rules.importStates(states, events));
            ownership.add(parts);
            LOG.info("cluster: took rule partitions {} over: {} device states, alert events of {} devices, in {} ms", numbers(parts),
                    states.size(), events.size(), System.currentTimeMillis() - start);
        }
    }

    private Map<Integer, Long> alertEnds() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.reader(config, clientId + "-alert-ends"))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (var p : c.partitionsFor(config.alertsTopic(), Duration.ofSeconds(30))) parts.add(new TopicPartition(p.topic(), p.partition()));
            Map<Integer, Long> out = new HashMap<>();
            c.endOffsets(parts, Duration.ofSeconds(30)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    /** The latest state per device in the state topic's partitions with these numbers (a compacted topic: read to its end). */
    private Map<String, byte[]> readStates(Collection<TopicPartition> telemetryParts) {
        List<TopicPartition> parts = new ArrayList<>();
        for (TopicPartition tp : telemetryParts) parts.add(new TopicPartition(config.stateTopic(), tp.partition()));
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.reader(config, clientId + "-state"))) {
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.currentTimeMillis() + HANDOVER_TIMEOUT_MS;
            while (System.currentTimeMillis() < deadline) {
                boolean done = true;
                for (TopicPartition tp : parts) if (c.position(tp) < end.get(tp)) done = false;
                if (done) break;
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        }
        return latest;
    }

    private static List<Integer> numbers(Collection<TopicPartition> parts) {
        List<Integer> l = new ArrayList<>();
        for (TopicPartition tp : parts) l.add(tp.partition());
        l.sort(null);
        return l;
    }
}
