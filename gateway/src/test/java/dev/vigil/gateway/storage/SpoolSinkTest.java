package dev.vigil.gateway.storage;

import dev.vigil.gateway.health.StorageCheck;
import dev.vigil.gateway.spool.DeadLetter;
import dev.vigil.gateway.spool.DeadLetters;
import dev.vigil.gateway.spool.SpoolConfig;
import dev.vigil.gateway.spool.SpoolSink;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static dev.vigil.gateway.storage.SinkFixture.await;
import static dev.vigil.gateway.storage.SinkFixture.awaitRejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spool in front of a real InfluxDB: group commit, replay, dead letters, configuration errors, the size limit. */
@InfluxTest
class SpoolSinkTest {
    private final SinkFixture fx = new SinkFixture();
    private final List<SpoolSink> spools = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        for (SpoolSink s : spools) await(s.close());
        fx.close();
    }

    private SpoolSink spool(InfluxConfig influx, SpoolConfig config) {
        SpoolSink s = SpoolSink.open(fx.vertx, config.withDir(dir.resolve("spool").toString()), new InfluxWriter(influx));
        spools.add(s);
        return s;
    }

    private static InfluxConfig influx(InfluxDatabase db) {
        return InfluxConfig.defaults().withUrl(db.url()).withDatabase(db.name());
    }

    private static void until(String what, BooleanSupplier c) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(20)).until(c::getAsBoolean);
    }

    private Future<Void> write(SpoolSink s, List<Telemetry> readings) {
        var ctx = fx.vertx.getOrCreateContext();
        var f = new java.util.concurrent.CompletableFuture<Future<Void>>();
        ctx.runOnContext(v -> f.complete(s.write(readings)));
        return f.join();
    }

    @Test
    void concurrentWritesShareFsyncsAndAreReplayedWithExactValuesAndTimes(InfluxDatabase db) throws Exception {
        DeviceProfile p = profile("lift_spool", field("floor", FieldType.INTEGER), field("speed", FieldType.NUMBER));
        Device d = device("el-1", p, "Acme", "east");
        SpoolSink s = spool(influx(db), SpoolConfig.defaults());
        List<Future<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) acks.add(write(s, List.of(reading(d, p, 1_700_000_000_000L + i, (long) i, i / 4.0))));
        for (Future<Void> a : acks) await(a);
        assertEquals(2_000, s.accounting().appends());
        assertTrue(s.accounting().commits() < 2_000, "group commit: " + s.accounting().commits() + " fsyncs for 2000 writes");

        until("the replay", () -> s.accounting().pendingReadings() == 0);
        QueryResult.Series stored = db.query("SELECT floor, speed FROM lift_spool ORDER BY time").single();
        assertEquals(2_000, stored.size());
        assertEquals(1_700_000_000_000L + 1_234, ((Number) stored.value(1_234, "time")).longValue());
        assertEquals(1_234L, ((Number) stored.value(1_234, "floor")).longValue());
        assertEquals(308.5, ((Number) stored.value(1_234, "speed")).doubleValue());
        assertEquals(2_000, s.accounting().replayedReadings());
        assertEquals(0, s.accounting().pendingBytes());
    }

    @Test
    void batchRefusedWith400GoesToTheDeadLettersAndTheSpoolMovesOn(InfluxDatabase db) throws Exception {
        db.writeLines("conflict v=\"text\" 1000");
        SpoolSink s = spool(influx(db), SpoolConfig.defaults());
        await(s.appendLines("conflict v=2 2000\n", 1));
        until("the dead letter", () -> s.accounting().deadLetteredReadings() == 1);
        await(s.appendLines("conflict v=\"ok\" 3000\n", 1));
        until("the next write", () -> s.accounting().replayedReadings() == 1);
        assertEquals(List.of("text", "ok"), db.query("SELECT v FROM conflict ORDER BY time").single().column("v"));
        await(s.close());

        try (DeadLetters dl = DeadLetters.open(dir.resolve("spool"))) {
            List<DeadLetter> all = dl.list();
            assertEquals(1, all.size());
            assertEquals("conflict v=2 2000\n", new String(all.get(0).text(), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(all.get(0).error().contains("field type conflict"), all.get(0).error());
            assertTrue(all.get(0).error().contains("(HTTP 400)"), all.get(0).error());
            db.query("DROP MEASUREMENT conflict");
            assertEquals(1, dl.retryAll());
            assertEquals(List.of(), dl.list());
        }
        SpoolSink again = spool(influx(db), SpoolConfig.defaults());
        until("the re-queued dead letter replayed", () -> again.accounting().replayedReadings() == 1);
        assertEquals(2.0, ((Number) db.query("SELECT v FROM conflict").single().value(0, "v")).doubleValue());
    }

    @Test
    void missingDatabaseIsAConfigurationErrorOnReadyAndReadingsWaitForIt(InfluxDatabase db) throws Exception {
        String name = db.name() + "_missing";
        InfluxConfig cfg = influx(db).withDatabase(name);
        cfg = cfg.withCreateDatabase(false);
        SpoolSink s = spool(cfg, SpoolConfig.defaults().withBackoff(50, 200));
        await(s.appendLines("probe v=1 1000\n", 1));
        until("the configuration error", () -> "CONFIG_ERROR".equals(s.replayState()));
        assertTrue(s.replayError().contains("database not found"), s.replayError());
        JsonObject ready = await(StorageCheck.spool(s, StorageCheck.always("test")).check());
        assertEquals("DOWN", ready.getString("status"));
        assertEquals(1L, ready.getLong("backlog_readings"));
        assertTrue(ready.getString("error").startsWith("CONFIGURATION ERROR: "), ready.encode());

        db.server().createDatabase(name);
        until("the replay once the database exists", () -> s.accounting().pendingReadings() == 0);
        assertEquals("UP", await(StorageCheck.spool(s, StorageCheck.always("test")).check()).getString("status"));
        db.server().dropDatabase(name);
    }

    @Test
    void fullSpoolRefusesAsOverloadedAndAcceptsAgainWhenDrained(InfluxDatabase db) throws Exception {
        DeviceProfile p = profile("lift_full", field("floor", FieldType.INTEGER));
        Device d = device("el-9", p, "Acme", "east");
        InfluxConfig down = influx(db).withUrl("http://127.0.0.1:" + dev.vigil.testkit.FreePorts.find()).withTimeoutMs(500);
        SpoolSink s = spool(down, SpoolConfig.defaults().withMaxBytes(2_000).withBackoff(50, 100));
        int acked = 0;
        Rejection r = null;
        for (int i = 0; i < 100 && r == null; i++) {
            Future<Void> f = write(s, List.of(reading(d, p, 1_000L + i, (long) i)));
            try {
                await(f);
                acked++;
            } catch (AssertionError e) {
                r = awaitRejection(f);
            }
        }
        assertTrue(r != null, "refused once full");
        assertEquals(Rejection.Reason.OVERLOADED, r.reason());
        assertTrue(r.getMessage().startsWith("spool full: "), r.getMessage());
        assertTrue(s.full());
        assertEquals(acked, s.accounting().pendingReadings());
        assertEquals("DOWN", await(StorageCheck.spool(s, StorageCheck.always("test")).check()).getString("status"));
        assertTrue(acked > 5, "acknowledged until full: " + acked);
    }
}
