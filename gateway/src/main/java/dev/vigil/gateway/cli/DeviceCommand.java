package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil device ...}: device provisioning commands. */
@Command(name = "device", mixinStandardHelpOptions = true, description = "Device provisioning.",
        subcommands = {DevicePskCommand.class})
public final class DeviceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
