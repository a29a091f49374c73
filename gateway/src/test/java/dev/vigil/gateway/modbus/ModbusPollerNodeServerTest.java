package dev.vigil.gateway.modbus;

import dev.vigil.gateway.modbus.ModbusTestSupport.RecordingListener;
import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.modbus.RegisterTable;
import dev.vigil.sim.modbus.ModbusSimServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.modbus.ModbusTestSupport.await;
import static dev.vigil.gateway.modbus.ModbusTestSupport.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller against a Modbus TCP server that is not j2mod: npm modbus-serial's ServerTCP, whose
 * register contents are encoded by Node's Buffer. Unit 1 is a CEMS analyser in calibration, unit 2
 * a transformer monitor, behind one port.
 */
class ModbusPollerNodeServerTest {
    private static NodeModbusServer server;
    private static Vertx vertx;
    private static final RecordingSink sink = new RecordingSink();
    private static final RecordingListener listener = new RecordingListener();
    private static ModbusPoller poller;

    @BeforeAll
    static void start() throws Exception {
        server = NodeModbusServer.start(ModbusSimServer.freePort());
        DeviceProfile cems = ModbusTestSupport.cems();
        DeviceProfile trafo = ModbusTestSupport.transformer();
        // so2 plus a register one past the server's last holding register (20): the merged read
        // 0..21 is refused with exception 2 and must be narrowed down to the spare register
        DeviceProfile probe = ModbusTestSupport.inline("probe", List.of(ModbusTestSupport.number("so2", 0, 1000),
                ModbusTestSupport.number("spare", 0, 100000)), """
                modbus:
                  registers:
                    - {field: so2, address: 0, type: float32}
                    - {field: spare, address: 21, type: uint16}
                """);
        int port = server.port();
        vertx = Vertx.vertx();
        poller = ModbusTestSupport.poller(vertx, List.of(device("cems-n1", cems, port, 1, 100, 1000),
                device("trafo-n2", trafo, port, 2, 100, 1000), device("probe-n1", probe, port, 1, 100, 1000)),
                Map.of(cems.name(), cems, trafo.name(), trafo, probe.name(), probe),
                sink, new ModbusConfig(true, 100, 1000, 1, 100, 400, 3, 10, 80), listener);
        vertx.deployVerticle(poller).await();
        await("readings from all three devices", 10_000, () -> sink.last("cems-n1") != null
                && sink.last("trafo-n2") != null && sink.of("probe-n1").size() >= 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) vertx.close().await();
        if (server != null) server.close();
    }

    @Test
    void cemsFloatsAndStatusFromModbusSerial() {
        Telemetry t = sink.of("cems-n1").get(0);
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("so2", 21.5);
        want.put("nox", 33.25);
        want.put("particulate", 2.75);
        want.put("o2", 6.5);
        want.put("flue_velocity", 14.5);
        want.put("flue_temperature", 49.75);
        want.put("flue_pressure", -0.25);
        want.put("humidity", 11.5);
        want.put("flow", 284.5);
        want.put("data_flag", "C");
        assertEquals(want, t.asMap());
        assertEquals("modbus", t.protocol());
    }

    @Test
    void transformerScaledIntegersAndWordSwappedFloats() {
        assertEquals(Map.of("top_oil_temperature", 62.3, "winding_temperature", 75.8, "load_current", 1834.5,
                "partial_discharge_tev", 12.7, "h2", 41.5, "c2h2", 0.5, "total_hydrocarbons", 57.25),
                sink.of("trafo-n2").get(0).asMap());
        assertEquals(1, poller.connectionCount(), "both units share the one connection");
    }

    @Test
    void illegalAddressIsReportedForThatRegisterOnly() {
        assertEquals(Map.of("so2", 21.5), sink.of("probe-n1").get(1).asMap());
        ModbusDeviceStatus s = poller.status("probe-n1");
        assertTrue(s.online());
        assertEquals(List.of(new RegisterIssue("spare", RegisterTable.HOLDING_REGISTER, 21,
                "Modbus exception 2 (illegal data address)")), s.registerIssues());
        assertEquals(List.of(), listener.events);
    }
}
