package dev.vigil.gateway.cli;

import dev.vigil.gateway.spool.SpoolConfig;
import dev.vigil.gateway.spool.SpoolSink;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.storage.InfluxWriter;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vigil spool dead-letters}: lists a batch InfluxDB refused with its error, re-queues it, and refuses a spool in use. */
@InfluxTest
class SpoolDeadLettersCommandTest {

    @Test
    void listsRetriesAndRefusesASpoolInUse(InfluxDatabase db, @TempDir Path dir) throws Exception {
        db.writeLines("cli_conflict v=\"text\" 1000");
        Path spoolDir = dir.resolve("spool");
        Vertx vertx = Vertx.vertx();
        try {
            SpoolSink s = SpoolSink.open(vertx, SpoolConfig.defaults().withDir(spoolDir.toString()),
                    new InfluxWriter(InfluxConfig.defaults().withUrl(db.url()).withDatabase(db.name())));
            s.appendLines("cli_conflict v=2 2000\n", 1).await(10, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await("the dead letter").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> s.accounting().deadLetteredReadings() >= 1);
            assertEquals(1, s.accounting().deadLetteredReadings());

            CliRun busy = CliRun.of("spool", "dead-letters", "--dir", spoolDir.toString());
            assertEquals(1, busy.code());
            assertTrue(busy.err().contains("is in use by a running gateway; stop it first"), busy.err());
            s.close().await(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }

        CliRun list = CliRun.of("spool", "dead-letters", "--dir", spoolDir.toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("1 lines"), list.out());
        assertTrue(list.out().contains("field type conflict"), list.out());
        assertTrue(list.out().contains("  cli_conflict v=2 2000\n"), list.out());
        assertTrue(list.out().endsWith("1 dead letters in " + spoolDir + "\n"), list.out());

        CliRun retry = CliRun.of("spool", "dead-letters", "--dir", spoolDir.toString(), "--retry");
        assertEquals(0, retry.code(), retry.err());
        assertTrue(retry.out().contains("re-queued 1 dead letters"), retry.out());
        assertTrue(CliRun.of("spool", "dead-letters", "--dir", spoolDir.toString()).out()
                .startsWith("0 dead letters in "));
    }
}
