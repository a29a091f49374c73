package dev.vigil.gateway.storage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Rejection;
import dev.vigil.testkit.InfluxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static dev.vigil.gateway.storage.Readings.device;
import static dev.vigil.gateway.storage.Readings.field;
import static dev.vigil.gateway.storage.Readings.profile;
import static dev.vigil.gateway.storage.Readings.reading;
import static dev.vigil.gateway.storage.SinkFixture.await;
import static dev.vigil.gateway.storage.SinkFixture.awaitRejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink against an influxd with authentication: a write-only user, and a wrong password. */
class InfluxSinkAuthTest {
    private static InfluxServer influx;
    private final SinkFixture fx = new SinkFixture();
    private final DeviceProfile p = profile("lift_auth", field("floor", FieldType.INTEGER));
    private final Device dev = device("el-a", p, "Acme", "east");

    @BeforeAll
    static void startServer() {
        influx = InfluxServer.startWithAuth("admin", "admin-secret");
        influx.createDatabase("plant");
        influx.execute("CREATE USER \"writer\" WITH PASSWORD 'w-secret'");
        influx.execute("GRANT WRITE ON \"plant\" TO \"writer\"");
    }

    @AfterAll
    static void stopServer() {
        influx.close();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void writeOnlyUserStartsDespiteTheRefusedCreateDatabaseAndWrites() {
        Logger logger = (Logger) LoggerFactory.getLogger(InfluxWriter.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        InfluxTelemetrySink sink;
        try {
            sink = fx.sink(influx.url(), "plant", c -> c.withCredentials("writer", "w-secret"));
        } finally {
            logger.detachAppender(log);
        }
        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("InfluxDB at " + influx.url() + " refused CREATE DATABASE \"plant\" ("),
                warnings.get(0));

        await(fx.writeOnEventLoop(sink, List.of(reading(dev, p, 1000, 4L))));
        assertEquals(List.of(List.of(1000L, 4L)), influx.query("plant", "SELECT floor FROM lift_auth").single().values());
    }

    @Test
    void wrongPasswordFailsWritesWithStorageFailedAndTheServersReason() {
        InfluxTelemetrySink sink = fx.open(influx.url(), "plant",
                c -> c.withCredentials("writer", "wrong").withCreateDatabase(false));
        await(sink.start());
        Rejection r = awaitRejection(fx.writeOnEventLoop(sink, List.of(reading(dev, p, 2000, 5L))));
        assertEquals(Rejection.Reason.STORAGE_FAILED, r.reason());
        assertTrue(r.getMessage().startsWith("InfluxDB write of 1 points to database 'plant' at " + influx.url()
                + " failed: "), r.getMessage());
        assertTrue(r.getMessage().contains("authorization failed"), r.getMessage());
    }
}
