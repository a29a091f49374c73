package dev.vigil.sim.modbus;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import dev.vigil.profile.modbus.RegisterCodec;
import dev.vigil.profile.modbus.RegisterSpec;
import dev.vigil.sim.SimulatorCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CEMS and transformer simulators: scenarios as seen in their registers, and the CLI. */
class ModbusSimulatorsTest {

    private static Object read(SimulatedUnit u, String field) {
        RegisterSpec s = u.registers().stream().filter(r -> r.field().equals(field)).findFirst().orElseThrow();
        int[] words = new int[s.count()];
        for (int i = 0; i < words.length; i++) {
            words[i] = switch (s.table()) {
                case HOLDING_REGISTER -> u.image().getRegister(s.address() + i).getValue();
                case INPUT_REGISTER -> u.image().getInputRegister(s.address() + i).getValue();
                default -> throw new IllegalStateException();
            };
        }
        Object raw = RegisterCodec.decode(s, words, 0);
        return raw instanceof Number n && s.scale() != 1 ? n.doubleValue() * s.scale() : raw;
    }

    private static double so2(CemsAnalyser a) {
        return (Double) read(a, "so2");
    }

    @Test
    void exceedanceRampPassesPreWarningThenLimit() {
        CemsAnalyser a = new CemsAnalyser("cems-001", 1, Scenario.EXCEEDANCE, 60_000, 7);
        assertTrue(so2(a) < 28, "starts below 80 % of 35: " + so2(a));
        a.update(37_500); // mean 18 + 32 * 0.625 = 38
        assertTrue(so2(a) > 28, "past the pre-warning level: " + so2(a));
        a.update(60_000); // mean 50
        assertTrue(so2(a) > 35, "past the limit: " + so2(a));
        a.update(600_000);
        assertTrue(so2(a) > 35, "stays above: " + so2(a));
        assertEquals(0L, read(a, "data_flag"));
    }

    @Test
    void stuckValueNeverChangesWhileOthersDo() {
        CemsAnalyser a = new CemsAnalyser("cems-001", 1, Scenario.STUCK, 1, 7);
        double first = so2(a);
        Object nox = read(a, "nox");
        boolean noxMoved = false;
        for (int t = 1; t <= 20; t++) {
            a.update(t * 1000L);
            assertEquals(first, so2(a));
            noxMoved |= !read(a, "nox").equals(nox);
        }
        assertTrue(noxMoved, "the other values keep their noise");
    }

    @Test
    void statusScenariosSetTheStatusRegister() {
        assertEquals(3L, read(new CemsAnalyser("c", 1, Scenario.CALIBRATION, 1, 1), "data_flag"));
        assertEquals(1L, read(new CemsAnalyser("c", 1, Scenario.MAINTENANCE, 1, 1), "data_flag"));
        assertEquals(2L, read(new CemsAnalyser("c", 1, Scenario.FAULT, 1, 1), "data_flag"));
    }

    @Test
    void transformerOverheatAndPartialDischargeRamps() {
        TransformerMonitor hot = new TransformerMonitor("t", 1, Scenario.EXCEEDANCE, 60_000, 3);
        double start = (Double) read(hot, "top_oil_temperature");
        assertTrue(start > 50 && start < 70, "top oil starts plausible: " + start);
        hot.update(60_000);
        assertTrue((Double) read(hot, "top_oil_temperature") > 95, "past the 95 °C limit");
        assertTrue((Double) read(hot, "winding_temperature") > (Double) read(hot, "top_oil_temperature"));
        TransformerMonitor pd = new TransformerMonitor("t", 1, Scenario.PARTIAL_DISCHARGE, 60_000, 3);
        assertTrue((Double) read(pd, "partial_discharge_tev") < 20);
        pd.update(60_000);
        assertTrue((Double) read(pd, "partial_discharge_tev") > 35);
    }

    @Test
    void fleetServesSeveralUnitsPerPortAndGoesSilent() throws Exception {
        int base = ModbusSimServer.freePort();
        try (ModbusFleet fleet = ModbusFleet.start(InetAddress.getLoopbackAddress(), base, 3, 2, 4, 0,
                (i, unit) -> new CemsAnalyser("cems-" + i, unit, Scenario.NORMAL, 1, i))) {
            assertEquals(2, fleet.servers().size());
            assertEquals(base + 1, fleet.portOf(2));
            assertEquals(1, fleet.unitOf(2));
            ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", base, 500, false);
            master.setRetries(1);
            master.connect();
            try {
                Register[] regs = master.readMultipleRegisters(2, 0, 2);
                int[] words = {regs[0].getValue(), regs[1].getValue()};
                assertEquals(so2((CemsAnalyser) fleet.units().get(1)), RegisterCodec.decode(VendorMaps.CEMS.get(0), words, 0));
                fleet.serverOf(1).silence(2);
                assertThrowsTimeout(master);
            } finally {
                master.disconnect();
            }
        }
    }

    private static void assertThrowsTimeout(ModbusTCPMaster master) {
        try {
            master.readMultipleRegisters(2, 0, 2);
        } catch (com.ghgande.j2mod.modbus.ModbusSlaveException e) {
            throw new AssertionError("a silent unit must not answer, not even with an exception: " + e.getMessage());
        } catch (com.ghgande.j2mod.modbus.ModbusException e) {
            return; // no answer: I/O timeout
        }
        throw new AssertionError("a silent unit answered");
    }

    @Test
    void cliRunsTheCemsFleetForItsDuration() {
        int base = ModbusSimServer.freePort();
        int code = new CommandLine(new SimulatorCli()).execute("cems", "--count", "2", "--units-per-port", "2",
                "--base-port", Integer.toString(base), "--duration", "1", "--scenario", "exceedance", "--affected", "1");
        assertEquals(0, code);
        assertEquals(2, new CommandLine(new SimulatorCli()).execute("cems", "--count", "x"));
    }
}
