package dev.vigil.gateway.cli;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.history.AlertMarks;
import dev.vigil.gateway.history.HistoryException;
import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.gateway.history.QueryPlanner;
import dev.vigil.gateway.history.ReplayRequest;
import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.history.StoredReplay;
import dev.vigil.gateway.history.Times;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileException;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.ZoneIndex;
import dev.vigil.rules.zones.ZoneLoadResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil rules replay --rules FILE (--device ID | --profile P) --from T [--to T]}: runs
 * candidate rules over the readings stored in InfluxDB (streamed in chunks) and prints the alert
 * events they would have raised, beside the events actually stored. The same code answers
 * {@code POST /api/v1/rules/replay}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run candidate rules over stored history and list the alerts they would have raised beside the real ones.",
                "用候选规则回放历史数据。"})
public final class RulesReplayCommand implements Callable<Integer> {

    @Option(names = "--rules", required = true, description = "candidate rule file (over the profiles' default rules)")
    Path rules;

    @Option(names = "--device", description = "replay one device")
    String device;

    @Option(names = "--profile", description = "replay every device of a profile")
    String profile;

    @Option(names = "--from", required = true, description = "start (ISO 8601 with offset or epoch ms)")
    String from;

    @Option(names = "--to", description = "end (default now)")
    String to;

    @Option(names = {"-c", "--config"}, description = "configuration file (default: ${DEFAULT-VALUE})", defaultValue = "config/vigil.yaml")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg;
        DeviceRegistry registry;
        try {
            cfg = ConfigLoader.load(Files.exists(config) ? config : null, System.getenv());
            Map<String, DeviceProfile> profiles = ProfileLoader.loadDirectory(Path.of(cfg.profiles()));
            registry = RegistryLoader.load(Path.of(cfg.registry()), profiles);
        } catch (ConfigLoader.ConfigException | ProfileException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        ZoneIndex zones = ZoneIndex.empty();
        if (Files.isDirectory(Path.of(cfg.zones()))) {
            ZoneLoadResult z = GeoJsonZoneLoader.loadDirectory(Path.of(cfg.zones()));
            if (!z.ok()) {
                z.problems().forEach(err::println);
                return 1;
            }
            zones = z.index();
        }
        ZoneId zone = ZoneId.of(cfg.alerts().timeZone());
        InfluxQueryClient influx = new InfluxQueryClient(cfg.influx());
        ReplayRequest req;
        try {
            DeviceRegistry reg = registry;
            req = ReplayRequest.of(new QueryPlanner(() -> reg), registry, Scope.all(), Files.readString(rules), device, profile, from, to);
        } catch (HistoryException e) {
            err.println("error: " + e.getMessage().replace("rules:", rules + ":"));
            return e.field() != null && e.field().equals("rules") ? 1 : 2;
        }
        StoredReplay.Result r = new StoredReplay(influx, 10_000).run(req.rules(), registry, zones,
                new EngineOptions(zone, EngineOptions.defaults().maxGapMillis(), EngineOptions.defaults().recentClosed()),
                req.target(), req.from(), req.to(), 100_000);
        Times times = new Times(zone, false);
        out.println("would raise (candidate rules):");
        for (AlertEvent e : r.candidate()) {
            out.println("  " + times.iso(e.time()) + "  " + e.kind() + "  " + e.level().labelEn() + "  " + e.deviceId() + "  "
                    + e.ruleId() + "  " + e.message());
        }
        out.println("raised (stored):");
        for (AlertMarks.Mark m : r.actual()) {
            out.println("  " + times.iso(m.time()) + "  " + m.kind() + "  " + m.level() + "  " + m.rule() + "  " + m.message());
        }
        long cand = r.candidate().stream().filter(e -> e.kind() == AlertEvent.Kind.RAISED).count();
        long real = r.actual().stream().filter(m -> "RAISED".equals(m.kind())).count();
        out.println(r.readings() + " readings replayed; candidate rules raise " + cand + " alerts, " + real + " were raised"
                + (r.truncated() ? " (candidate list truncated)" : ""));
        out.flush();
        return 0;
    }
}
