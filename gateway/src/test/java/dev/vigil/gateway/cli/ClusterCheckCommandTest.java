package dev.vigil.gateway.cli;

import dev.vigil.testkit.KafkaBroker;
import dev.vigil.testkit.KafkaTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vigil cluster check} against a real broker: what is missing, how to create it, --create, a wrong partition count. */
@Tag("cluster")
@KafkaTest
class ClusterCheckCommandTest {

    private static Path config(Path dir, String prefix, int partitions) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, """
                cluster:
                  enabled: true
                  telemetry_topic: %1$s.telemetry
                  state_topic: %1$s.state
                  alerts_topic: %1$s.alerts
                  partitions: %2$d
                  replication: 1
                """.formatted(prefix, partitions));
        return f;
    }

    @Test
    void saysWhatIsMissingAndHowToCreateItThenCreatesIt(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        Path cfg = config(dir, "chk1", 4);
        CliRun missing = CliRun.of("cluster", "check", "-c", cfg.toString(), "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(1, missing.code(), missing.out() + missing.err());
        assertTrue(missing.out().contains("FIX    topic chk1.state (rule state per device (compacted)) does not exist; create it: "
                + "kafka-topics.sh --bootstrap-server " + kafka.bootstrapServers() + " --create --topic chk1.state --partitions 4"
                + " --replication-factor 1 --config cleanup.policy=compact --config min.insync.replicas=1"), missing.out());
        assertTrue(missing.out().contains("run `vigil cluster check --create`"), missing.out());
        CliRun created = CliRun.of("cluster", "check", "-c", cfg.toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--create");
        assertEquals(0, created.code(), created.out() + created.err());
        assertTrue(created.out().contains("created chk1.telemetry, chk1.state, chk1.alerts"), created.out());
        assertTrue(created.out().contains("ok     topic chk1.telemetry: 4 partitions, replication 1, ok"), created.out());
        assertTrue(created.out().contains("ok     topic chk1.alerts: 1 partitions, replication 1, ok"), created.out());
        CliRun again = CliRun.of("cluster", "check", "-c", cfg.toString(), "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(0, again.code(), again.out());
    }

    @Test
    void aPartitionCountOtherThanConfiguredIsReported(KafkaBroker kafka, @TempDir Path dir) throws Exception {
        kafka.createTopic("chk2.telemetry", 3, Map.of());
        Path cfg = config(dir, "chk2", 6);
        CliRun r = CliRun.of("cluster", "check", "-c", cfg.toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--create");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("FIX    topic chk2.telemetry: 3 partitions, expected 6 (delete it and create it again: "), r.out());
        assertTrue(r.out().contains("ok     topic chk2.state: 6 partitions, replication 1, ok"), r.out());
    }
}
