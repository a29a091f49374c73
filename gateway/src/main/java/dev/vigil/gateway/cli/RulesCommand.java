package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil rules ...}: validate rule files and replay recorded telemetry through rules. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Early-warning rules: check and test.",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesReplayCommand.class})
public final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
