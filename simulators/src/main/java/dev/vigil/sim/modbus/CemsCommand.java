package dev.vigil.sim.modbus;

import picocli.CommandLine.Command;

/** {@code vigil simulate cems}: CEMS emission analysers as j2mod Modbus TCP slaves. */
@Command(name = "cems", mixinStandardHelpOptions = true,
        description = {"CEMS emission analysers (SO2, NOx, particulate, O2, flue gas) as Modbus TCP slaves:",
                "FLOAT32 ABCD from holding register 0, status in holding register 20."})
public final class CemsCommand extends ModbusSimCommand {
    @Override String profile() { return "emission-cems"; }
    @Override String idPrefix() { return "cems-"; }

    @Override
    SimulatedUnit create(String id, int unit, Scenario scenario, long rampMillis, long seed) {
        return new CemsAnalyser(id, unit, scenario, rampMillis, seed);
    }
}
