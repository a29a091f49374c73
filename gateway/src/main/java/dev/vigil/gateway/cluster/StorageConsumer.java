package dev.vigil.gateway.cluster;

import dev.vigil.gateway.storage.InfluxWriter;
import dev.vigil.gateway.storage.LineProtocol;
import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Telemetry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * InfluxDB writing by partition: a member of the {@code <prefix>-storage} group over the telemetry
 * topic that writes each polled batch as line protocol and commits its offsets only once InfluxDB
 * accepted it. While InfluxDB is down the batch is retried (with a doubling pause, the consumer
 * keeps its group membership) and nothing is committed; a replay after a crash writes the same
 * points again, which InfluxDB takes as the same points (each reading carries its final timestamp).
 */
final class StorageConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StorageConsumer.class);
    private static final long MAX_PAUSE_MS = 10_000;

    private final ClusterConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final InfluxWriter writer;
    private final String clientId;
    private final LongAdder stored = new LongAdder();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private long failures;

    StorageConsumer(ClusterConfig config, Supplier<DeviceRegistry> registry, InfluxWriter writer, String clientId) {
        this.config = config;
        this.registry = registry;
        this.writer = writer;
        this.clientId = clientId;
    }

    @Override
    public void run() {
        java.util.Map<String, Object> props = KafkaProps.member(config, config.storageGroup(), clientId);
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000); // InfluxDB's good batch size
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
            consumer = c;
            c.subscribe(List.of(config.telemetryTopic()));
            LineProtocolWriter lines = new LineProtocolWriter(256 * 1024);
            while (running) {
                try {
                    round(c, lines);
                } catch (WakeupException stop) {
                    throw stop;
                } catch (RuntimeException e) {
                    // Kafka away, a commit refused after a rebalance ...: uncommitted records are read again
                    if (failures++ % 20 == 0) LOG.warn("cluster: InfluxDB writing: {} (continuing)", e.toString());
                    try {
                        Thread.sleep(Math.min(2000, 100L * Math.min(failures, 20)));
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        } catch (WakeupException stopping) {
            // stop()
        } catch (RuntimeException e) {
            LOG.error("cluster: InfluxDB writing stopped: {}", e.getMessage(), e);
        }
    }

    /** One poll: writes the records and commits them. */
    private void round(KafkaConsumer<String, byte[]> c, LineProtocolWriter lines) {
        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
        if (records.isEmpty()) return;
        lines.clear(4 * 1024 * 1024);
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        int points = 0;
        DeviceRegistry reg = registry.get();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
            try {
                Telemetry t = TelemetryCodec.decode(r.key(), r.value(), reg);
                if (t != null && LineProtocol.append(lines, t)) points++;
            } catch (IllegalArgumentException bad) {
                LOG.error("telemetry {}-{} offset {}: not stored: {}", r.topic(), r.partition(), r.offset(), bad.getMessage());
            }
        }
        if (points > 0 && !write(c, lines, points, first)) {
            // not written: read those records again (from the partitions still here)
            for (Map.Entry<TopicPartition, Long> e : first.entrySet()) if (c.assignment().contains(e.getKey())) c.seek(e.getKey(), e.getValue());
            return;
        }
        stored.add(points);
        c.commitSync(next);
    }

    /** Writes the batch, retrying while InfluxDB cannot take it; false when the consumer lost the partitions meanwhile or stops. */
    private boolean write(KafkaConsumer<String, byte[]> c, LineProtocolWriter lines, int points, Map<TopicPartition, Long> first) {
        String body = new String(lines.array(), 0, lines.length(), StandardCharsets.UTF_8);
        long pause = 250;
        for (int attempt = 1; running; attempt++) {
            try {
                writer.write(body, points);
                if (attempt > 1) LOG.info("cluster: InfluxDB took the batch of {} points after {} attempts", points, attempt);
                return true;
            } catch (InfluxWriter.WriteFailure f) {
                if (f.outcome() == InfluxWriter.Outcome.REFUSED) {
                    LOG.error("cluster: InfluxDB refused a batch of {} points for good (not retried): {}", points, f.getMessage());
                    return true;
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("cluster: InfluxDB write of {} points failed (attempt {}), retrying: {}", points, attempt, f.getMessage());
                }
            }
            // keep the group membership while waiting: pause the partitions and poll (returns nothing)
            c.pause(c.assignment());
            long until = System.currentTimeMillis() + pause;
            while (running && System.currentTimeMillis() < until) c.poll(Duration.ofMillis(Math.min(200, pause)));
            c.resume(c.paused());
            if (!c.assignment().containsAll(first.keySet())) {
                LOG.info("cluster: storage partitions moved while InfluxDB was down; the new owner writes them");
                return false;
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
        return false;
    }

    long stored() {
        return stored.sum();
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
    }
}
