package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil device}: the group of commands that manage the device registry. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Manage the device registry (设备登记): add devices and list them.",
                "管理设备登记文件：新增设备、列出设备。"},
        subcommands = {DeviceAddCommand.class, DeviceListCommand.class})
public final class DeviceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
