package dev.vigil.gateway.cluster;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.gateway.alerts.CaseEvent;
import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.alerts.StreamEvent;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores the alert log in InfluxDB: a member of the {@code <prefix>-alert-store} group over the
 * alerts topic (one partition, so one gateway writes at a time, in one order: the SHA-256 chain of
 * {@code alert_events} stays one chain). Offsets are committed after InfluxDB took the events. A
 * gateway taking the log over reads the chain's head again and skips events already stored (a
 * replay after a crash, or an event a device's new owner emitted again), so each event is stored
 * once. The writer also feeds the webhook ({@link StreamEvent#STORED_ADDRESS}): one POST per event
 * for the whole cluster.
 */
final class AlertStoreConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStoreConsumer.class);
    private static final long FLUSH_TIMEOUT_MS = 120_000;

    private final ClusterConfig config;
    private final InfluxAlertStore store;
    private final Vertx vertx;
    private final String clientId;
    /** Keys of events stored, for the records up to the end offsets seen at take-over. */
    private final Set<String> stored = new HashSet<>();
    private final Map<TopicPartition, Long> replayEnd = new HashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    /** Whether this gateway writes the alert log now (and so makes the cases' automatic steps). */
    private volatile boolean leader;
    private long failures;

    AlertStoreConsumer(ClusterConfig config, InfluxAlertStore store, Vertx vertx, String clientId) {
        this.config = config;
        this.store = store;
        this.vertx = vertx;
        this.clientId = clientId;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.member(config, config.alertStoreGroup(), clientId))) {
            consumer = c;
            c.subscribe(List.of(config.alertsTopic()), new Listener());
            while (running) {
                try {
                    round(c);
                } catch (WakeupException | InterruptedException stop) {
                    throw stop;
                } catch (RuntimeException e) {
                    if (failures++ % 20 == 0) LOG.warn("cluster: alert log storage: {} (continuing)", e.toString());
                    Thread.sleep(Math.min(2000, 100L * Math.min(failures, 20)));
                }
            }
        } catch (WakeupException stopping) {
            // stop()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("cluster: alert log storage stopped: {}", e.getMessage(), e);
        }
    }

    /** One poll: stores the events and commits them once InfluxDB has them. */
    private void round(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
        if (records.isEmpty()) return;
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        boolean loaded = false;
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
            Object any;
            try {
                any = AlertCodec.decodeAny(r.value());
            } catch (IllegalArgumentException bad) {
                LOG.error("alerts topic offset {}: not stored: {}", r.offset(), bad.getMessage());
                continue;
            }
            long time = any instanceof AlertEvent e ? e.time() : ((CaseEvent) any).time();
            Long end = replayEnd.get(tp);
            if (end != null && r.offset() < end && !loaded) {
                loadStored(time); // a replay: what the previous writer stored is skipped
                loaded = true;
            }
            // stored already (or emitted again by a device's new owner, or by a new case leader)?
            String key = any instanceof AlertEvent e ? AlertCodec.key(e) : AlertCodec.key((CaseEvent) any);
            if (!stored.add(key)) continue;
            if (any instanceof AlertEvent e) {
                store.write(e);
                vertx.eventBus().publish(StreamEvent.STORED_ADDRESS, new StreamEvent(e, AlertJson.event(e).encode()));
            } else {
                store.write((CaseEvent) any);
                vertx.eventBus().publish(StreamEvent.STORED_ADDRESS, new StreamEvent((CaseEvent) any));
            }
        }
        for (TopicPartition tp : next.keySet()) {
            Long end = replayEnd.get(tp);
            if (end != null && next.get(tp).offset() >= end) replayEnd.remove(tp);
        }
        if (stored.size() > 100_000) stored.clear();
        if (!store.flush(FLUSH_TIMEOUT_MS)) {
            LOG.warn("cluster: alert events not yet in InfluxDB after {} ms; offsets not committed", FLUSH_TIMEOUT_MS);
            return;
        }
        c.commitSync(next);
    }

    /** The events InfluxDB holds from a little before {@code since}: what a replay must not store twice. */
    private void loadStored(long since) {
        try {
            for (AlertEvent e : store.loadEvents(since - 60_000)) stored.add(AlertCodec.key(e));
            for (CaseEvent e : store.caseEvents("time >= " + (since - 60_000) + "ms")) stored.add(AlertCodec.key(e));
        } catch (RuntimeException e) {
            LOG.warn("cluster: could not read the stored alert events to skip repeats: {}", e.getMessage());
        }
    }

    boolean leader() {
        return leader;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            try {
                store.flush(FLUSH_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            replayEnd.keySet().removeAll(parts);
            leader = false;
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
            replayEnd.keySet().removeAll(parts);
            leader = false;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            if (parts.isEmpty()) return;
            store.reloadChainHead();
            stored.clear();
            replayEnd.putAll(consumer.endOffsets(parts, Duration.ofSeconds(30)));
            leader = true;
            LOG.info("cluster: this gateway now stores the alert log (partitions {})", parts);
        }
    }
}
