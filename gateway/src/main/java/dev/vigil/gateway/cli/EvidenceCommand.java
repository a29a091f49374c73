package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil evidence ...}: check exported files and the alert event chain. */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Evidence checks (证据校验).",
        subcommands = {EvidenceVerifyCommand.class})
public final class EvidenceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
