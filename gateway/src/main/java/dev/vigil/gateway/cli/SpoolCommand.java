package dev.vigil.gateway.cli;

import picocli.CommandLine.Command;

/** {@code vigil spool}: the durable spool's maintenance commands. */
@Command(name = "spool", mixinStandardHelpOptions = true,
        description = {"The durable spool between the pipeline and InfluxDB.", "本地持久化缓冲。"},
        subcommands = {SpoolDeadLettersCommand.class})
public final class SpoolCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("usage: vigil spool dead-letters [--retry] (see --help)");
    }
}
