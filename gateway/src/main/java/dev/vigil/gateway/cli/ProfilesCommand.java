package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil profiles}: the group of commands that check and show device profiles. */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = {"Check and show device profiles (设备模型: fields, units, valid ranges, labels).",
                "检查并查看设备模型。"},
        subcommands = {ProfilesCheckCommand.class, ProfilesShowCommand.class})
public final class ProfilesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
