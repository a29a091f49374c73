package dev.vigil.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@KafkaTest
class KafkaBrokerTest {
    private static KafkaBroker shared;

    @BeforeAll
    static void sharedBroker(KafkaBroker broker) {
        shared = broker;
    }

    @Test
    void extensionResolvesTheOneSharedBroker(KafkaBroker broker) {
        assertSame(shared, broker);
        assertTrue(broker.running());
        assertEquals("127.0.0.1:" + broker.port(), broker.bootstrapServers());
        assertTrue(FreePorts.accepts(broker.port()));
    }

    @Test
    void idempotentProducerRecordsAreConsumedBackExactly(KafkaBroker broker) throws Exception {
        broker.createTopic("kit.exact", 1, Map.of("retention.ms", "3600000"));
        List<String> sent = IntStream.range(0, 50).mapToObj(i -> "reading-" + i).toList();
        try (KafkaProducer<String, String> producer = producer(broker)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) acks.add(producer.send(new ProducerRecord<>("kit.exact", "dev-" + (i % 5), sent.get(i))));
            for (int i = 0; i < acks.size(); i++) assertEquals(i, acks.get(i).get(30, TimeUnit.SECONDS).offset());
        }
        List<ConsumerRecord<String, String>> got = consume(broker, "kit.exact", "kit.exact.g", sent.size());
        assertEquals(sent, got.stream().map(ConsumerRecord::value).toList());
        assertEquals(IntStream.range(0, 50).mapToObj(i -> "dev-" + (i % 5)).toList(), got.stream().map(ConsumerRecord::key).toList());
        assertEquals(IntStream.range(0, 50).mapToObj(i -> (long) i).toList(), got.stream().map(ConsumerRecord::offset).toList());
    }

    @Test
    void keyedRecordsKeepTheirOrderWithinEachOfThreePartitions(KafkaBroker broker) throws Exception {
        broker.createTopic("kit.three", 3);
        Map<Integer, List<String>> sentByPartition = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer(broker)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                String value = "dev-" + (i % 9) + ":" + i;
                values.add(value);
                acks.add(producer.send(new ProducerRecord<>("kit.three", "dev-" + (i % 9), value)));
            }
            for (int i = 0; i < acks.size(); i++) {
                int partition = acks.get(i).get(30, TimeUnit.SECONDS).partition();
                sentByPartition.computeIfAbsent(partition, k -> new ArrayList<>()).add(values.get(i));
            }
        }
        assertTrue(sentByPartition.size() > 1, "9 keys all hashed to one partition: " + sentByPartition.keySet());
        Map<Integer, List<String>> gotByPartition = new TreeMap<>();
        for (ConsumerRecord<String, String> r : consume(broker, "kit.three", "kit.three.g", 90)) {
            gotByPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.value());
        }
        assertEquals(sentByPartition, gotByPartition);
    }

    /** About 20-25 s on a loaded 2-core machine (three broker starts): with -P slow, as ./vigil test runs it. */
    @Test
    @Tag("slow")
    void killedBrokerRestartsWithItsRecordsAndCommittedOffsets() throws Exception {
        long t0 = System.nanoTime();
        try (KafkaBroker own = KafkaBroker.start()) {
            long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.printf("KafkaBroker.start() (format + start until describeCluster answers): %d ms, RSS %d MiB%n",
                    startMillis, rssKib(own.pid()) / 1024);
            int port = own.port();
            own.createTopic("kit.durable", 1);
            List<String> sent = IntStream.range(0, 100).mapToObj(i -> "r" + i).toList();
            try (KafkaProducer<String, String> producer = producer(own)) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (String v : sent) acks.add(producer.send(new ProducerRecord<>("kit.durable", v)));
                for (Future<RecordMetadata> f : acks) f.get(30, TimeUnit.SECONDS);
            }
            TopicPartition tp = new TopicPartition("kit.durable", 0);
            try (KafkaConsumer<String, String> consumer = consumer(own, "kit.durable.g")) {
                consumer.subscribe(List.of("kit.durable"));
                assertEquals(sent, pollValues(consumer, 100));
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(60)));
            }

            own.kill();
            assertFalse(own.running());
            assertFalse(FreePorts.accepts(port));
            long t1 = System.nanoTime();
            own.restart();
            System.out.printf("KafkaBroker.restart() after kill(): %d ms, RSS %d MiB%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1), rssKib(own.pid()) / 1024);
            assertTrue(own.running());
            assertEquals(port, own.port());

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, own.bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets("kit.durable.g").partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                assertEquals(Map.of(tp, new OffsetAndMetadata(60)), committed);
            }
            try (KafkaConsumer<String, String> consumer = consumer(own, "kit.durable.g")) {
                consumer.subscribe(List.of("kit.durable"));
                assertEquals(sent.subList(60, 100), pollValues(consumer, 40));
            }
            assertEquals(sent, consume(own, "kit.durable", "kit.durable.fresh", 100).stream().map(ConsumerRecord::value).toList());

            own.stop();
            assertFalse(own.running());
            own.restart();
            assertEquals(sent, consume(own, "kit.durable", "kit.durable.after-stop", 100).stream().map(ConsumerRecord::value).toList());
            assertTrue(Files.readString(own.logFile()).contains("Kafka Server started"), own.logTail(40));
        }
    }

    @Test
    void createTopicRejectsADuplicateName(KafkaBroker broker) {
        broker.createTopic("kit.dup", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> broker.createTopic("kit.dup", 1));
        assertTrue(e.getMessage().contains("TopicExistsException"), e.getMessage());
    }

    @Test
    void aBrokerThatCannotStartFailsWithTheTailOfItsLog() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KafkaBroker.start(Map.of("num.partitions", "zero")));
        assertTrue(e.getMessage().contains(KafkaBroker.STORAGE_TOOL + " format exited with code 1"), e.getMessage());
        assertTrue(e.getMessage().contains("num.partitions"), e.getMessage());
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker broker, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }

    /** Subscribes a new consumer of {@code group} and polls until {@code n} records came. */
    private static List<ConsumerRecord<String, String>> consume(KafkaBroker broker, String topic, String group, int n) {
        try (KafkaConsumer<String, String> consumer = consumer(broker, group)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return got.size() >= n;
            });
            assertEquals(n, got.size());
            return got;
        }
    }

    private static List<String> pollValues(KafkaConsumer<String, String> consumer, int n) {
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
            return got.size() >= n;
        });
        return got;
    }

    /** The resident set size of a process in KiB (Linux), or -1. */
    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
