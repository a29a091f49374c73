package dev.vigil.sim.modbus;

import picocli.CommandLine.Command;

/** {@code vigil simulate transformers}: transformer online monitors as j2mod Modbus TCP slaves. */
@Command(name = "transformers", mixinStandardHelpOptions = true,
        description = {"Oil-immersed power transformer monitors (top oil, winding, load, partial discharge TEV, DGA)",
                "as Modbus TCP slaves: tenths in input registers 0-3, FLOAT32 CDAB gases from holding register 10."})
public final class TransformersCommand extends ModbusSimCommand {
    @Override String profile() { return "power-transformer"; }
    @Override String idPrefix() { return "trafo-"; }

    @Override
    SimulatedUnit create(String id, int unit, Scenario scenario, long rampMillis, long seed) {
        return new TransformerMonitor(id, unit, scenario, rampMillis, seed);
    }
}
