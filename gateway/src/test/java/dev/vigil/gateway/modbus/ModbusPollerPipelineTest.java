package dev.vigil.gateway.modbus;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.modbus.ModbusMapException;
import dev.vigil.sim.modbus.CemsAnalyser;
import dev.vigil.sim.modbus.ModbusSimServer;
import dev.vigil.sim.modbus.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.vigil.gateway.modbus.ModbusTestSupport.await;
import static dev.vigil.gateway.modbus.ModbusTestSupport.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the poller does with the pipeline's refusals, and with a profile whose register map is wrong. */
class ModbusPollerPipelineTest {
    private final Vertx vertx = Vertx.vertx();
    private ModbusSimServer server;

    @AfterEach
    void tearDown() {
        vertx.close().await();
        if (server != null) server.close();
    }

    @Test
    void refusedReadingIsLoggedWithDeviceAndFieldAndPollingGoesOn() throws Exception {
        DeviceProfile cems = ModbusTestSupport.cems();
        server = new ModbusSimServer(InetAddress.getLoopbackAddress(), ModbusSimServer.freePort(), 4);
        server.add(new CemsAnalyser("cems-r", 1, Scenario.NORMAL, 1, 1)).open();
        AtomicInteger offered = new AtomicInteger();
        TelemetryPipeline refusing = new TelemetryPipeline() {
            @Override public Future<Void> accept(RawMessage m) { return Future.failedFuture("unused"); }
            public void refused(String protocol, String who, dev.vigil.profile.Rejection rejection) { }
            @Override public Future<Void> acceptDecoded(List<Telemetry> readings) {
                offered.incrementAndGet();
                return Future.failedFuture(new Rejection(Rejection.Reason.OUT_OF_RANGE, "so2",
                        "field 'so2': 18.4 is outside the valid range [0, 10] mg/m³"));
            }
        };
        Logger log = (Logger) LoggerFactory.getLogger(ModbusPoller.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            ModbusPoller poller = new ModbusPoller(new DeviceRegistry("", List.of(device("cems-r", cems, server.port(), 1, 100, 500)),
                    Map.of(cems.name(), cems)), refusing, new ModbusConfig(true, 100, 500, 1, 100, 400, 3, 10, 80), null);
            vertx.deployVerticle(poller).await();
            await("three readings offered", 5000, () -> offered.get() >= 3);
            String line = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("refused")).findFirst().orElseThrow();
            assertEquals("modbus cems-r: pipeline refused the reading (field so2): field 'so2': 18.4 is outside the valid range [0, 10] mg/m³", line);
            assertTrue(poller.status("cems-r").online(), "a refused reading is not a communication failure");
            assertEquals(0, poller.status("cems-r").failedPolls());
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void startFailsOnABadRegisterMap() {
        DeviceProfile bad = ModbusTestSupport.inline("bad", List.of(ModbusTestSupport.number("so2", 0, 10)), """
                modbus:
                  registers:
                    - {field: nox, address: 0, type: float32}
                """);
        ModbusPoller poller = new ModbusPoller(new DeviceRegistry("", List.of(device("b1", bad, 1502, 1, 1000, 500)),
                Map.of(bad.name(), bad)), new ModbusTestSupport.RecordingPipeline(), ModbusConfig.defaults(), null);
        Throwable e = assertThrows(Exception.class, () -> vertx.deployVerticle(poller).await());
        assertTrue(e instanceof ModbusMapException, e.toString());
        assertEquals("profile bad: modbus.registers[0] (nox): profile bad has no field 'nox'", e.getMessage());
    }
}
