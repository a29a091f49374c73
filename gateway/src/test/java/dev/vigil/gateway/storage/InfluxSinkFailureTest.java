package dev.vigil.gateway.storage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.testkit.FreePorts;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static dev.vigil.gateway.storage.SinkFixture.await;
import static dev.vigil.gateway.storage.SinkFixture.awaitRejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@InfluxTest
class InfluxSinkFailureTest {
    private final SinkFixture fx = new SinkFixture();
    private final DeviceProfile p = profile("lift_fail", field("floor", FieldType.INTEGER));
    private final Device dev = device("el-f", p, "Acme", "east");

    @AfterEach
    void close() {
        fx.close();
    }

    private Telemetry floor(long time, long floor) {
        return reading(dev, p, time, floor);
    }

    @Test
    void serverNotListeningFailsStartAndWritesWithStorageFailedNamingTheUrl() {
        String url = "http://127.0.0.1:" + FreePorts.find();
        InfluxTelemetrySink sink = fx.open(url, "nowhere", UnaryOperator.identity());

        Throwable startFailure = SinkFixture.awaitFailure(sink.start());
        assertTrue(startFailure.getMessage().startsWith("cannot create InfluxDB database 'nowhere' at " + url + ": "),
                startFailure.getMessage());

        Rejection r = awaitRejection(fx.writeOnEventLoop(sink, List.of(floor(1000, 1))));
        assertEquals(Rejection.Reason.STORAGE_FAILED, r.reason());
        assertTrue(r.getMessage().startsWith("InfluxDB write of 1 points to database 'nowhere' at " + url + " failed: "),
                r.getMessage());
        assertTrue(r.getMessage().contains("Failed to connect"), r.getMessage());
        assertEquals(1, sink.failedBatches());
        assertEquals(1, sink.failedPoints());
        assertEquals(0, sink.pendingPoints());
    }

    @Test
    void writesFailWhileInfluxIsDownAndWorkAgainOnceItIsBack() {
        InfluxServer own = InfluxServer.start();
        try {
            InfluxTelemetrySink sink = fx.sink(own.url(), "recover", UnaryOperator.identity());
            await(fx.writeOnEventLoop(sink, List.of(floor(1000, 1))));

            own.stop();
            Rejection r = awaitRejection(fx.writeOnEventLoop(sink, List.of(floor(2000, 2))));
            assertEquals(Rejection.Reason.STORAGE_FAILED, r.reason());
            assertTrue(r.getMessage().contains(own.url()), r.getMessage());

            own.restart();
            await(fx.writeOnEventLoop(sink, List.of(floor(3000, 3))));
            assertEquals(List.of(List.of(1000L, 1L), List.of(3000L, 3L)),
                    own.query("recover", "SELECT floor FROM lift_fail ORDER BY time").single().values());
            assertEquals(2, sink.batchesWritten());
            assertEquals(1, sink.failedBatches());
        } finally {
            own.close();
        }
    }

    @Test
    void beyondMaxPendingWritesAreRefusedAsOverloadedAndQueuedOnesAreWrittenOnClose(InfluxDatabase db) {
        // a long flush interval and a large batch keep the first 8 points queued until close()
        InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), c -> c.withBatching(5_000, 600_000, 10));
        List<Telemetry> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) eight.add(floor(5000 + i, i));
        Future<Void> queued = fx.writeOnEventLoop(sink, eight);
        assertEquals(8, sink.pendingPoints());

        Future<Void> refused = fx.writeOnEventLoop(sink, List.of(floor(6000, 1), floor(6001, 2), floor(6002, 3)));
        Rejection r = awaitRejection(refused);
        assertEquals(Rejection.Reason.OVERLOADED, r.reason());
        assertEquals("storage overloaded: 8 points waiting for InfluxDB (limit 10), try later", r.getMessage());
        assertEquals(1, sink.overloadRejections());
        assertFalse(queued.isComplete());

        await(sink.close());
        await(queued);
        assertEquals(8L, db.query("SELECT count(floor) FROM lift_fail WHERE time >= 5000ms AND time < 6000ms")
                .single().value(0, "count"));
        assertTrue(db.query("SELECT floor FROM lift_fail WHERE time >= 6000ms").isEmpty());

        Rejection closed = awaitRejection(sink.write(List.of(floor(7000, 1))));
        assertEquals(Rejection.Reason.STORAGE_FAILED, closed.reason());
        assertEquals("InfluxDB sink is closed", closed.getMessage());
    }

    @Test
    void pointsRefusedByInfluxFailTheWriteAndAreLoggedWithDatabaseAndError(InfluxDatabase db) {
        Logger logger = (Logger) LoggerFactory.getLogger(InfluxWriter.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            DeviceProfile v1 = profile("lift_conflict", field("level", FieldType.NUMBER));
            DeviceProfile v2 = profile("lift_conflict", field("level", FieldType.STRING));
            Device d = device("el-c", v1, "Acme", "east");
            InfluxTelemetrySink sink = fx.sink(db.url(), db.name(), UnaryOperator.identity());
            await(fx.writeOnEventLoop(sink, List.of(reading(d, v1, 1000, 1.5))));

            Rejection r = awaitRejection(fx.writeOnEventLoop(sink, List.of(reading(d, v2, 2000, "high"))));
            assertEquals(Rejection.Reason.STORAGE_FAILED, r.reason());
            assertTrue(r.getMessage().startsWith("InfluxDB write of 1 points to database '" + db.name() + "' at "
                    + db.url() + " failed: "), r.getMessage());
            assertTrue(r.getMessage().contains("field type conflict: input field \"level\" on measurement "
                    + "\"lift_conflict\" is type string, already exists as type float"), r.getMessage());

            List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("InfluxDB write of 1 points to database '" + db.name() + "' at "
                    + db.url() + " failed: "), warnings.get(0));
            assertTrue(warnings.get(0).contains("field type conflict"), warnings.get(0));

            // the sink keeps working for good data
            await(fx.writeOnEventLoop(sink, List.of(reading(d, v1, 3000, 2.5))));
            assertEquals(List.of(1.5, 2.5), db.query("SELECT level FROM lift_conflict ORDER BY time").single()
                    .column("level"));
        } finally {
            logger.detachAppender(log);
        }
    }
}
