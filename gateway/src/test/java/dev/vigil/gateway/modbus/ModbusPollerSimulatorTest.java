package dev.vigil.gateway.modbus;

import dev.vigil.gateway.modbus.ModbusTestSupport.RecordingListener;
import dev.vigil.gateway.support.RecordingSink;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.modbus.RegisterTable;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.modbus.DataType;
import dev.vigil.profile.modbus.PlanOptions;
import dev.vigil.profile.modbus.RegisterMap;
import dev.vigil.profile.modbus.RegisterOrder;
import dev.vigil.profile.modbus.RegisterSpec;
import dev.vigil.sim.modbus.SimProcessImage;
import dev.vigil.sim.modbus.SimulatedUnit;
import dev.vigil.sim.modbus.CemsAnalyser;
import dev.vigil.sim.modbus.ModbusSimServer;
import dev.vigil.sim.modbus.Scenario;
import dev.vigil.sim.modbus.TransformerMonitor;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.vigil.gateway.modbus.ModbusTestSupport.await;
import static dev.vigil.gateway.modbus.ModbusTestSupport.device;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The poller against j2mod slaves running the CEMS and transformer simulators. */
class ModbusPollerSimulatorTest {
    private static final ModbusConfig CONFIG = new ModbusConfig(true, 100, 300, 1, 100, 400, 3, 10, 80);

    private Vertx vertx;
    private final List<ModbusSimServer> servers = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();
    private final RecordingListener listener = new RecordingListener();
    private ModbusPoller poller;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() {
        vertx.close().await();
        servers.forEach(ModbusSimServer::close);
    }

    private ModbusSimServer server() throws Exception {
        ModbusSimServer s = new ModbusSimServer(InetAddress.getLoopbackAddress(), ModbusSimServer.freePort(), 16);
        servers.add(s);
        return s;
    }

    private void start(List<Device> devices, Map<String, DeviceProfile> profiles) {
        poller = ModbusTestSupport.poller(vertx, devices, profiles, sink, CONFIG, listener);
        vertx.deployVerticle(poller).await();
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
    void pollsExactValuesWithUnitsSharingOneConnection() throws Exception {
        DeviceProfile cems = ModbusTestSupport.cems();
        DeviceProfile trafo = ModbusTestSupport.transformer();
        ModbusSimServer box = server();
        CemsAnalyser a1 = new CemsAnalyser("cems-1", 1, Scenario.NORMAL, 1, 1);
        CemsAnalyser a2 = new CemsAnalyser("cems-2", 2, Scenario.NORMAL, 1, 2);
        a1.set(cemsValues(18.37), 0);
        a2.set(cemsValues(29.5), 5);
        box.add(a1).add(a2).open();
        ModbusSimServer other = server();
        TransformerMonitor t1 = new TransformerMonitor("trafo-1", 7, Scenario.NORMAL, 1, 3);
        t1.set(Map.of("top_oil_temperature", 62.3, "winding_temperature", 75.8, "load_current", 1834.5,
                "partial_discharge_tev", 12.7, "h2", 41.25, "c2h2", 0.37, "total_hydrocarbons", 57.1));
        other.add(t1).open();

        long before = System.currentTimeMillis();
        start(List.of(device("cems-1", cems, box.port(), 1, 100, 300), device("cems-2", cems, box.port(), 2, 100, 300),
                device("trafo-1", trafo, other.port(), 7, 100, 300)), Map.of(cems.name(), cems, trafo.name(), trafo));
        await("a reading from each device", 5000, () -> sink.last("cems-1") != null
                && sink.last("cems-2") != null && sink.last("trafo-1") != null);
        long after = System.currentTimeMillis();
        assertEquals(2, poller.connectionCount(), "two units behind one box share one connection");

        Telemetry c1 = sink.of("cems-1").get(0);
        Map<String, Object> want = new LinkedHashMap<>(cemsValues(18.37));
        want.put("data_flag", "N");
        assertEquals(want, c1.asMap());
        assertEquals("modbus", c1.protocol());
        assertTrue(c1.time() >= before && c1.time() <= after, "time is the poll time: " + c1.time());

        Map<String, Object> want2 = new LinkedHashMap<>(cemsValues(29.5));
        want2.put("data_flag", "C"); // status 5 = calibration
        assertEquals(want2, sink.of("cems-2").get(0).asMap());

        assertEquals(Map.of("top_oil_temperature", 62.3, "winding_temperature", 75.8, "load_current", 1834.5,
                "partial_discharge_tev", 12.7, "h2", 41.25, "c2h2", 0.37, "total_hydrocarbons", 57.1),
                sink.of("trafo-1").get(0).asMap());
        // readings come back from the connection threads to the poller's event loop before the pipeline sees them
        assertTrue(sink.threads.stream().allMatch("event-loop"::equals), "pipeline called on the event loop: " + sink.threads);
        ModbusDeviceStatus s = poller.status("cems-2");
        assertTrue(s.online());
        assertEquals(List.of(), s.registerIssues());
        assertEquals("127.0.0.1:" + box.port(), s.endpoint());
    }

    @Test
    void exceptionResponseIsReportedPerRegister() throws Exception {
        // so2 at 30..31 exists, "spare" at 32 is past the simulator's 32 registers: the merged read
        // 30..32 is refused, the poller re-reads singly and reports only the spare register
        DeviceProfile p = ModbusTestSupport.inline("probe", List.of(ModbusTestSupport.number("so2", 0, 1000),
                ModbusTestSupport.number("spare", 0, 1000)), """
                modbus:
                  registers:
                    - {field: so2, address: 30, type: float32}
                    - {field: spare, address: 32, type: uint16}
                """);
        ModbusSimServer box = server();
        CemsAnalyser a = new CemsAnalyser("probe-1", 1, Scenario.NORMAL, 1, 1);
        a.image().write(new RegisterSpec("so2", RegisterTable.HOLDING_REGISTER, 30,
                DataType.FLOAT32, RegisterOrder.ABCD, 0, -1, 1, 0,
                Map.of(), null, "test"), 12.5);
        box.add(a).open();
        start(List.of(device("probe-1", p, box.port(), 1, 100, 300)), Map.of(p.name(), p));
        await("two polls", 5000, () -> sink.of("probe-1").size() >= 2);

        assertEquals(Map.of("so2", 12.5), sink.of("probe-1").get(0).asMap());
        ModbusDeviceStatus s = poller.status("probe-1");
        assertTrue(s.online());
        assertEquals(List.of(new RegisterIssue("spare", RegisterTable.HOLDING_REGISTER, 32,
                "Modbus exception 2 (illegal data address)")), s.registerIssues());
    }

    @Test
    void deviceThatDisappearsGoesOfflineAfterThreeFailedPollsAndReturns() throws Exception {
        DeviceProfile cems = ModbusTestSupport.cems();
        ModbusSimServer box = server();
        CemsAnalyser a = new CemsAnalyser("cems-9", 1, Scenario.NORMAL, 1, 9);
        a.set(cemsValues(20.0), 0);
        box.add(a).open();
        start(List.of(device("cems-9", cems, box.port(), 1, 100, 300)), Map.of(cems.name(), cems));
        await("first reading", 5000, () -> !sink.of("cems-9").isEmpty());

        box.close(); // the port goes away: connection refused
        await("offline event", 10_000, () -> listener.count("offline cems-9") == 1);
        ModbusDeviceStatus s = poller.status("cems-9");
        assertFalse(s.online());
        assertTrue(s.consecutiveFailures() >= 3, "failures: " + s.consecutiveFailures());
        assertNotNull(s.lastError());
        assertTrue(listener.events.get(0).startsWith("offline cems-9: cannot connect to 127.0.0.1:" + box.port() + ": Connection refused"),
                listener.events.toString());
        assertEquals(0, listener.count("online"));

        int readingsWhileAway = sink.of("cems-9").size();
        a.set(cemsValues(21.0), 3);
        box.open();
        await("online event", 10_000, () -> listener.count("online cems-9") == 1);
        await("a reading after return", 5000, () -> sink.of("cems-9").size() > readingsWhileAway);
        Telemetry back = sink.last("cems-9");
        assertEquals(21.0, back.value("so2"));
        assertEquals("C", back.value("data_flag"));
        assertTrue(poller.status("cems-9").online());
        assertEquals(List.of("offline", "online"), listener.events.stream().map(e -> e.split(" ")[0]).toList());
    }

    @Test
    void silentUnitTimesOutWithoutStoppingItsNeighbours() throws Exception {
        DeviceProfile cems = ModbusTestSupport.cems();
        ModbusSimServer box = server();
        CemsAnalyser a1 = new CemsAnalyser("cems-a", 1, Scenario.NORMAL, 1, 1);
        CemsAnalyser a2 = new CemsAnalyser("cems-b", 2, Scenario.NORMAL, 1, 2);
        box.add(a1).add(a2).open();
        ModbusSimServer other = server();
        other.add(new CemsAnalyser("cems-c", 1, Scenario.NORMAL, 1, 3)).open();
        start(List.of(device("cems-a", cems, box.port(), 1, 100, 300), device("cems-b", cems, box.port(), 2, 100, 300),
                device("cems-c", cems, other.port(), 1, 100, 300)), Map.of(cems.name(), cems));
        await("readings from all three", 5000, () -> !sink.of("cems-a").isEmpty()
                && !sink.of("cems-b").isEmpty() && !sink.of("cems-c").isEmpty());

        box.silence(2);
        int aBefore = sink.of("cems-a").size();
        int cBefore = sink.of("cems-c").size();
        await("cems-b offline", 10_000, () -> listener.count("offline cems-b") == 1);
        assertTrue(listener.events.get(0).contains("timeout after 300 ms"), listener.events.toString());
        // while cems-b was timing out, the device on the other port kept its pace and the unit on
        // the same connection kept being read
        await("cems-a and cems-c keep delivering", 5000, () -> sink.of("cems-a").size() >= aBefore + 3
                && sink.of("cems-c").size() >= cBefore + 5);
        assertTrue(poller.status("cems-a").online());
        assertTrue(poller.status("cems-c").online());
        assertEquals(0, poller.status("cems-c").failedPolls());

        box.resume(2);
        await("cems-b online again", 10_000, () -> listener.count("online cems-b") == 1);
    }

    @Test
    void coilsDiscreteInputsAndRegisterBits() throws Exception {
        List<FieldSpec> fields = new ArrayList<>();
        for (String f : List.of("c0", "c9", "c10", "d3", "d4", "b15")) {
            fields.add(new FieldSpec(f, FieldType.BOOLEAN, "", null, null, List.of(), 0, f, f));
        }
        DeviceProfile p = ModbusTestSupport.inline("bits", fields, """
                modbus:
                  registers:
                    - {field: c0, table: coil, address: 0}
                    - {field: c9, table: coil, address: 9}
                    - {field: c10, table: coil, address: 10}
                    - {field: d3, table: discrete_input, address: 3}
                    - {field: d4, table: discrete_input, address: 4}
                    - {field: b15, table: input_register, address: 2, type: bit, bit: 15}
                """);
        SimProcessImage image = new SimProcessImage(3, 8, 16);
        RegisterMapSupport.write(image, p, Map.of("c0", true, "c9", true, "c10", false, "d3", false, "d4", true, "b15", true));
        ModbusSimServer box = server();
        box.add(new SimulatedUnit() {
            @Override public String id() { return "bits-1"; }
            @Override public int unit() { return 3; }
            @Override public List<RegisterSpec> registers() { return List.of(); }
            @Override public SimProcessImage image() { return image; }
            @Override public void update(long elapsedMillis) { }
        }).open();
        start(List.of(device("bits-1", p, box.port(), 3, 100, 300)), Map.of(p.name(), p));
        await("a reading", 5000, () -> sink.last("bits-1") != null);
        assertEquals(Map.of("c0", true, "c9", true, "c10", false, "d3", false, "d4", true, "b15", true),
                sink.last("bits-1").asMap());
        assertEquals(List.of(), poller.status("bits-1").registerIssues());
    }

    /** Writes field values into an image at the places a profile's register map gives. */
    private static final class RegisterMapSupport {
        static void write(SimProcessImage image, DeviceProfile p, Map<String, Boolean> values) {
            for (RegisterSpec s : RegisterMap.parse(p,
                    PlanOptions.defaults()).registers()) {
                image.write(s, values.get(s.field()));
            }
        }
    }
}
