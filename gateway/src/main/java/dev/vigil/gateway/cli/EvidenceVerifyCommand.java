package dev.vigil.gateway.cli;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.evidence.ChainVerifier;
import dev.vigil.gateway.evidence.ExportVerifier;
import dev.vigil.gateway.history.HistoryException;
import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.gateway.history.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil evidence verify FILE} checks an exported CSV file against its export record;
 * {@code vigil evidence verify --from T --to T} walks the alert event chain and names the first
 * event that does not match. Exit code 0 when everything matches, 1 when not, 2 for bad usage.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an exported file against its export record, or the alert event chain over a range.",
                "校验导出文件或预警事件链。"})
public final class EvidenceVerifyCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "an exported CSV file")
    Path file;

    @Option(names = "--from", description = "start of the alert events to check (ISO 8601 with offset or epoch ms)")
    String from;

    @Option(names = "--to", description = "end of the alert events to check (default now)")
    String to;

    @Option(names = {"-c", "--config"}, description = "configuration file (default: ${DEFAULT-VALUE})", defaultValue = "config/vigil.yaml")
    Path config;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if ((file == null) == (from == null)) {
            err.println("error: give either FILE or --from (with optional --to)");
            return 2;
        }
        GatewayConfig cfg;
        try {
            cfg = ConfigLoader.load(Files.exists(config) ? config : null, System.getenv());
        } catch (ConfigLoader.ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        InfluxQueryClient influx = new InfluxQueryClient(cfg.influx());
        Times times = new Times(ZoneId.of(cfg.alerts().timeZone()), false);
        if (file != null) return file(influx, times);
        long f;
        long t;
        try {
            f = Times.parse("--from", from);
            t = to == null ? System.currentTimeMillis() : Times.parse("--to", to);
        } catch (HistoryException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        ChainVerifier.Result r = new ChainVerifier(influx).verify(f, t);
        if (r.ok()) {
            out.println("OK: " + r.checked() + " alert events from " + times.iso(f) + " to " + times.iso(t)
                    + " form an unbroken chain" + (r.unchained() > 0 ? " (" + r.unchained() + " older events carry no chain link)" : ""));
            return 0;
        }
        ChainVerifier.Entry e = r.firstBad();
        out.println("FAILED at alert event seq " + e.seq() + " (" + e.kind() + " " + e.alertId() + " at " + times.iso(e.time())
                + "): " + r.problem());
        return 1;
    }

    private int file(InfluxQueryClient influx, Times times) throws Exception {
        if (!Files.isRegularFile(file)) {
            err.println("error: no file " + file);
            return 2;
        }
        ExportVerifier.Result r = new ExportVerifier(influx).verify(file);
        Map<String, Object> rec = r.record();
        if (rec == null) {
            out.println("NOT FOUND: no export record has SHA-256 " + r.sha256() + " — " + file
                    + " was changed after export, or was not exported by this gateway");
            return 1;
        }
        String desc = "export " + rec.get("export_id") + " by " + rec.get("user") + " at " + times.iso(((Number) rec.get("time")).longValue())
                + " (" + rec.get("what") + ", " + times.iso(((Number) rec.get("from")).longValue()) + " to "
                + times.iso(((Number) rec.get("to")).longValue()) + ")";
        if (!r.ok()) {
            out.println("FAILED: " + file + " has the SHA-256 of " + desc + " but " + r.rows() + " rows instead of " + rec.get("rows"));
            return 1;
        }
        out.println("OK: " + file + " matches " + desc + ": " + r.rows() + " rows, SHA-256 " + r.sha256());
        return 0;
    }
}
