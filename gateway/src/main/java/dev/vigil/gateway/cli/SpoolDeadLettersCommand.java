package dev.vigil.gateway.cli;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.spool.DeadLetter;
import dev.vigil.gateway.spool.DeadLetters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil spool dead-letters}: lists the batches InfluxDB refused (with its error) and can re-queue them. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = {"List the batches InfluxDB refused with 400 (with InfluxDB's error); --retry re-queues them.",
                "The gateway must be stopped (the spool is opened here)."})
public final class SpoolDeadLettersCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "configuration file (default: ${DEFAULT-VALUE})",
            defaultValue = "config/vigil.yaml")
    Path config;

    @Option(names = "--dir", description = "spool directory (default: spool.dir of the configuration)")
    Path dir;

    @Option(names = "--retry", description = "move every dead letter back into the spool; the gateway replays them at its next start")
    boolean retry;

    @Option(names = "--lines", description = "line-protocol lines shown per dead letter (default: ${DEFAULT-VALUE})",
            defaultValue = "3")
    int lines;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        Path spoolDir = dir;
        if (spoolDir == null) {
            try {
                GatewayConfig cfg = ConfigLoader.load(Files.exists(config) ? config : null, System.getenv());
                spoolDir = Path.of(cfg.spool().dir());
            } catch (ConfigLoader.ConfigException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
        }
        try (DeadLetters dl = DeadLetters.open(spoolDir)) {
            List<DeadLetter> all = dl.list();
            for (DeadLetter d : all) {
                out.printf("records %d-%d  refused %s  %d lines%n  error: %s%n", d.firstSeq(), d.lastSeq(),
                        Instant.ofEpochMilli(d.at()), d.lines(), d.error());
                String[] text = new String(d.text(), StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < Math.min(lines, text.length); i++) out.println("  " + text[i]);
                if (text.length > lines) out.println("  ... " + (text.length - lines) + " more lines");
            }
            out.println(all.size() + " dead letters in " + spoolDir);
            if (retry && !all.isEmpty()) {
                int n = dl.retryAll();
                out.println("re-queued " + n + " dead letters; the gateway replays them at its next start");
            }
            return 0;
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
