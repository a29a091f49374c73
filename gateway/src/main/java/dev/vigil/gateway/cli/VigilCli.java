package dev.vigil.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The gateway's command line: {@code vigil gateway}, {@code vigil profiles check}, {@code vigil device add},
 * {@code vigil rules check|test}. The {@code vigil} launcher script calls this.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "Vigil 0.1.0",
        description = {"Vigil — IoT monitoring gateway for non-onsite safety supervision (非现场监管)."},
        subcommands = {
                GatewayCommand.class,
                DemoSetupCommand.class,
                ProfilesCommand.class,
                DeviceCommand.class,
                UserCommand.class,
                RulesCommand.class,
                SpoolCommand.class,
                EvidenceCommand.class,
                ReportCommand.class,
                ClusterCommand.class,
        })
public final class VigilCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VigilCli()).execute(args));
    }
}
