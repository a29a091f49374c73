package dev.vigil.gateway.modbus;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.gateway.pipeline.DefaultTelemetryPipeline;
import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.gateway.support.TestPipeline;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.modbus.ModbusMapException;
import dev.vigil.sim.modbus.CemsAnalyser;
import dev.vigil.sim.modbus.ModbusSimServer;
import dev.vigil.sim.modbus.Scenario;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.modbus.ModbusTestSupport.await;
import static dev.vigil.gateway.modbus.ModbusTestSupport.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Polled readings go through the real pipeline's validation: a register value outside the
 * profile's range is refused, counted and logged like any other refusal; and a profile whose
 * register map is wrong stops the poller from starting.
 */
class ModbusPollerPipelineTest {
    private final Vertx vertx = Vertx.vertx();
    private ModbusSimServer server;

    @AfterEach
    void tearDown() {
        vertx.close().await();
        if (server != null) server.close();
    }

    private static Map<String, Double> cemsValues(double so2) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("so2", so2);
        v.put("nox", 31.7);
        v.put("particulate", 2.4);
        v.put("o2", 6.8);
        v.put("flue_velocity", 14.2);
        v.put("flue_temperature", 51.3);
        v.put("flue_pressure", -0.35);
        v.put("humidity", 10.9);
        v.put("flow", 278.32);
        return v;
    }

    @Test
    void aRegisterValueOutsideTheProfileRangeIsRefusedCountedAndLogged() throws Exception {
        DeviceProfile cems = ModbusTestSupport.cems(); // so2 valid range [0, 5000]
        server = new ModbusSimServer(InetAddress.getLoopbackAddress(), ModbusSimServer.freePort(), 4);
        CemsAnalyser good = new CemsAnalyser("cems-ok", 1, Scenario.NORMAL, 1, 1);
        CemsAnalyser high = new CemsAnalyser("cems-hi", 2, Scenario.NORMAL, 1, 2);
        good.set(cemsValues(18.37), 0);
        high.set(cemsValues(6000.0), 0);
        server.add(good).add(high).open();
        DeviceRegistry registry = new DeviceRegistry("", List.of(device("cems-ok", cems, server.port(), 1, 100, 500),
                device("cems-hi", cems, server.port(), 2, 100, 500)), Map.of(cems.name(), cems));
        RecordingSink sink = new RecordingSink();
        DefaultTelemetryPipeline pipeline = TestPipeline.over(vertx, registry, sink);
        Logger log = (Logger) LoggerFactory.getLogger(DefaultTelemetryPipeline.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            ModbusPoller poller = new ModbusPoller(registry, pipeline, new ModbusConfig(true, 100, 500, 1, 100, 400, 3, 10, 80), null);
            vertx.deployVerticle(poller).await();
            await("three refusals of cems-hi and three stored readings of cems-ok", 5000,
                    () -> pipeline.stats().refused("modbus", Rejection.Reason.OUT_OF_RANGE) >= 3 && sink.of("cems-ok").size() >= 3);

            assertTrue(sink.of("cems-hi").isEmpty(), "nothing of cems-hi is stored: " + sink.of("cems-hi"));
            assertEquals(18.37, sink.last("cems-ok").value("so2"));
            assertEquals(List.of(Map.entry("modbus", Rejection.Reason.OUT_OF_RANGE)), pipeline.stats().refusals(), "no other refusal");
            ILoggingEvent line = appender.list.stream().filter(e -> e.getFormattedMessage().contains("cems-hi")).findFirst().orElseThrow();
            assertEquals(Level.WARN, line.getLevel());
            assertEquals("refused modbus message from device cems-hi: field 'so2': 6000.0 is outside the valid range [0, 5000] (out_of_range)",
                    line.getFormattedMessage());
            assertTrue(poller.status("cems-hi").online(), "a refused reading is not a communication failure");
            assertEquals(0, poller.status("cems-hi").failedPolls());
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
        ModbusPoller poller = ModbusTestSupport.poller(vertx, List.of(device("b1", bad, 1502, 1, 1000, 500)),
                Map.of(bad.name(), bad), new RecordingSink(), ModbusConfig.defaults(), null);
        Throwable e = assertThrows(Exception.class, () -> vertx.deployVerticle(poller).await());
        assertTrue(e instanceof ModbusMapException, e.toString());
        assertEquals("profile bad: modbus.registers[0] (nox): profile bad has no field 'nox'", e.getMessage());
    }
}
