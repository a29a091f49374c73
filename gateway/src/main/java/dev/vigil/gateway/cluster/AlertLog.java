package dev.vigil.gateway.cluster;

import dev.vigil.gateway.alerts.AlertJson;
import dev.vigil.gateway.alerts.CaseEvent;
import dev.vigil.gateway.alerts.StreamEvent;
import dev.vigil.rules.AlertEvent;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Reads the whole alerts topic on every gateway (no consumer group: each reads everything, from
 * the beginning of what the topic retains) into {@link ClusterAlerts}, and once caught up publishes
 * each new event on the local stream ({@link StreamEvent#ADDRESS}) for the live console.
 */
final class AlertLog implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);

    private final ClusterConfig config;
    private final ClusterAlerts view;
    private final Vertx vertx;
    private final String clientId;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Keys of the case steps read (a step another gateway sent again is passed on once). */
    private final java.util.Set<String> steps = new java.util.HashSet<>();
    private static final io.vertx.core.eventbus.DeliveryOptions LIVE = new io.vertx.core.eventbus.DeliveryOptions().addHeader("replay", "false");
    private static final io.vertx.core.eventbus.DeliveryOptions REPLAY = new io.vertx.core.eventbus.DeliveryOptions().addHeader("replay", "true");

    AlertLog(ClusterConfig config, ClusterAlerts view, Vertx vertx, String clientId) {
        this.config = config;
        this.view = view;
        this.vertx = vertx;
        this.clientId = clientId;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaProps.reader(config, clientId))) {
            consumer = c;
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(config.alertsTopic(), Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(p.topic(), p.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            long applied = 0;
            boolean live = false;
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(200));
                } catch (WakeupException stop) {
                    throw stop;
                } catch (RuntimeException e) {
                    LOG.warn("cluster: alert log: {} (continuing)", e.toString());
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : records) {
                    Object any;
                    try {
                        any = AlertCodec.decodeAny(r.value());
                    } catch (IllegalArgumentException bad) {
                        LOG.error("alerts topic {}-{} offset {}: skipped: {}", r.topic(), r.partition(), r.offset(), bad.getMessage());
                        continue;
                    }
                    StreamEvent se;
                    boolean fresh;
                    if (any instanceof AlertEvent e) {
                        fresh = view.apply(e);
                        se = new StreamEvent(e, AlertJson.event(e).encode());
                    } else {
                        CaseEvent ce = (CaseEvent) any;
                        fresh = steps.add(AlertCodec.key(ce));
                        se = new StreamEvent(ce);
                    }
                    if (!fresh) continue;
                    applied++;
                    // the disposal cases follow the whole log; the live stream (console, clients) only what is new
                    vertx.eventBus().publish(StreamEvent.LOG_ADDRESS, se, live ? LIVE : REPLAY);
                    if (live) vertx.eventBus().publish(StreamEvent.ADDRESS, se);
                }
                for (TopicPartition tp : parts) positions.put(tp.partition(), c.position(tp));
                if (!live && reached(end)) {
                    live = true;
                    LOG.info("cluster: alert log read ({} events, {} open alerts); new events are streamed live", applied,
                            view.openCount());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("cluster: the alert log reader stopped: {}", e.getMessage(), e);
        } finally {
            caughtUp.countDown();
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            Long p = positions.get(e.getKey().partition());
            if (p == null || p < e.getValue()) return false;
        }
        return true;
    }

    /** Waits until the log was read up to its end as of start; false on timeout or failure. */
    boolean awaitCaughtUp(long timeoutMs) throws InterruptedException {
        return caughtUp.await(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS) && failure == null;
    }

    /** Waits (on the caller's thread, never an event loop) until the log is read up to these end offsets; false on timeout. */
    boolean awaitPositions(Map<Integer, Long> ends, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            boolean all = true;
            for (Map.Entry<Integer, Long> e : ends.entrySet()) {
                Long p = positions.get(e.getKey());
                if (p == null || p < e.getValue()) all = false;
            }
            if (all) return true;
            Thread.sleep(20);
        }
        return false;
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
    }
}
