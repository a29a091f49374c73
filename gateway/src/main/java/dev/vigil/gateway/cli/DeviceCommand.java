package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil device}: the group of commands that manage the device registry. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Manage the device registry (设备登记): add devices, list them, print DTLS keys.",
                "管理设备登记文件：新增设备、列出设备、DTLS 预共享密钥。"},
        subcommands = {DeviceAddCommand.class, DeviceListCommand.class, DevicePskCommand.class,
                DeviceAddFleetCommand.class})
public final class DeviceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
