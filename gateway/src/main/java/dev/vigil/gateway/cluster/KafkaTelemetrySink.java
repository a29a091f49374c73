package dev.vigil.gateway.cluster;

import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cluster mode's sink: each reading becomes a record of the telemetry topic keyed by its device id
 * (idempotent producer, {@code acks=all}), and the future completes on the caller's context once
 * Kafka has acknowledged every record of the message, so the device's acknowledgement (PUBACK,
 * 2.04, the JT/T 808 general response) means "in Kafka's replicated log". When Kafka does not
 * acknowledge within {@code cluster.produce_timeout_ms}, the message is refused as
 * {@link Rejection.Reason#STORAGE_FAILED}, which each protocol answers in its own terms (PUBACK
 * 0x83, CoAP 5.03 with Max-Age …), and the device sends it again later.
 *
 * <p>{@code send} may block while the producer waits for metadata or buffer space, so it runs on
 * one sending thread with a bounded queue, never on an event loop.
 */
public final class KafkaTelemetrySink implements TelemetrySink {
    private static final int SEND_QUEUE = 20_000;

    private final Vertx vertx;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final int partitions;
    private final ThreadPoolExecutor sender;
    private final LongAdder produced = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean closed;

    private final ClusterNode node;

    KafkaTelemetrySink(Vertx vertx, Producer<String, byte[]> producer, ClusterConfig config, ClusterNode node) {
        this.vertx = vertx;
        this.node = node;
        this.producer = producer;
        this.topic = config.telemetryTopic();
        this.partitions = config.partitions();
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(SEND_QUEUE), r -> {
            Thread t = new Thread(r, "vigil-kafka-send");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Future<Void> write(List<Telemetry> readings) {
        if (closed) return Future.failedFuture(new Rejection(Rejection.Reason.STORAGE_FAILED, "the gateway is stopping"));
        if (readings.isEmpty()) return Future.succeededFuture();
        Context ctx = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        int n = readings.size();
        @SuppressWarnings("unchecked")
        ProducerRecord<String, byte[]>[] records = new ProducerRecord[n];
        for (int i = 0; i < n; i++) {
            Telemetry t = readings.get(i);
            String id = t.device().id();
            records[i] = new ProducerRecord<>(topic, Partitions.of(id, partitions), t.time(), id, TelemetryCodec.encode(t));
        }
        AtomicInteger left = new AtomicInteger(n);
        try {
            sender.execute(() -> {
                for (ProducerRecord<String, byte[]> r : records) {
                    try {
                        producer.send(r, (md, ex) -> {
                            if (ex != null) {
                                if (left.getAndSet(-1) > 0) {
                                    failed.add(n);
                                    ctx.runOnContext(v -> done.tryFail(refusal(ex)));
                                }
                            } else if (left.decrementAndGet() == 0) {
                                produced.add(n);
                                ctx.runOnContext(v -> done.tryComplete());
                            }
                        });
                    } catch (RuntimeException ex) {
                        if (left.getAndSet(-1) > 0) {
                            failed.add(n);
                            ctx.runOnContext(v -> done.tryFail(refusal(ex)));
                        }
                        return;
                    }
                }
            });
        } catch (RejectedExecutionException full) {
            failed.add(n);
            return Future.failedFuture(new Rejection(Rejection.Reason.OVERLOADED,
                    "Kafka is not keeping up: " + SEND_QUEUE + " messages wait to be sent"));
        }
        return done.future();
    }

    private static Rejection refusal(Throwable ex) {
        return new Rejection(Rejection.Reason.STORAGE_FAILED, "Kafka did not take the reading: " + ex.getMessage());
    }

    /** The cluster node this sink belongs to. */
    public ClusterNode node() {
        return node;
    }

    /** Readings Kafka acknowledged since start. */
    public long produced() {
        return produced.sum();
    }

    /** Readings refused because Kafka did not acknowledge them. */
    public long failed() {
        return failed.sum();
    }

    @Override
    public Future<Void> close() {
        closed = true;
        sender.shutdown();
        return Future.succeededFuture();
    }
}
