package dev.vigil.sim;

import dev.vigil.sim.elevator.ElevatorsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code vigil simulate ...}: device simulators and load generators. */
@Command(name = "vigil simulate", mixinStandardHelpOptions = true, version = "Vigil simulators 0.1.0",
        description = {"Simulated devices for demos, tests and load: elevators (MQTT), vehicles (CoAP, JT/T 808),"
                + " CEMS and transformers (Modbus), CEMS data loggers (HJ 212)."},
        subcommands = {
                dev.vigil.sim.vehicle.VehiclesCommand.class,
                dev.vigil.sim.vehicle.Jt808Command.class,
                dev.vigil.sim.modbus.CemsCommand.class,
                dev.vigil.sim.hj212.Hj212Command.class,
                dev.vigil.sim.modbus.TransformersCommand.class,
                ElevatorsCommand.class,
                dev.vigil.sim.load.LoadCommand.class,
        })
public final class SimulatorCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCli()).execute(args));
    }
}
