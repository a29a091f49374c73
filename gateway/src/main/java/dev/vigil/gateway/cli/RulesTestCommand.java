package dev.vigil.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.RegistryLoader;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleReplay;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.replay.RecordedTelemetry;
import dev.vigil.rules.yaml.Durations;
import dev.vigil.rules.zones.GeoJsonZoneLoader;
import dev.vigil.rules.zones.ZoneIndex;
import dev.vigil.rules.zones.ZoneLoadResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil rules test --rules FILE --data FILE}: replays recorded telemetry (JSON lines or
 * CSV) through the profiles' default rules plus the given rule files and prints the alert events
 * they would raise, one per line (or as JSON lines with {@code --json}).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Replay recorded telemetry (JSON lines or CSV) through rules and print the alerts.",
                "JSON line: {\"device\":\"e-1\",\"profile\":\"elevator\",\"ts\":1767571200000,\"speed\":1.2,...}",
                "CSV: header ts,device,profile,<fields...>; empty cells are absent fields."})
public final class RulesTestCommand implements Callable<Integer> {

    @Option(names = "--rules", arity = "0..*", description = "rule files in addition to the profiles' default rules")
    List<Path> rules = List.of();

    @Option(names = "--data", required = true, description = "recorded telemetry: *.csv, otherwise JSON lines")
    Path data;

    @Option(names = "--profiles", defaultValue = "device-profiles/profiles", description = "profiles directory (default: ${DEFAULT-VALUE})")
    Path profilesDir;

    @Option(names = "--devices", description = "device registry (for device parameters); default: take devices from the data")
    Path devices;

    @Option(names = "--zones", description = "directory of GeoJSON zones for geofence rules")
    Path zones;

    @Option(names = "--tick", defaultValue = "1s", description = "virtual clock tick (default: ${DEFAULT-VALUE})")
    String tick;

    @Option(names = "--tail", defaultValue = "0s", description = "keep the clock running after the last reading, e.g. 10m")
    String tail;

    @Option(names = "--time-zone", defaultValue = "Asia/Shanghai", description = "zone for schedules and printed times (default: ${DEFAULT-VALUE})")
    ZoneId timeZone;

    @Option(names = "--json", description = "print events as JSON lines")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One line saying what is wrong with a file argument, or null when it can be read. */
    private static String unreadable(Path file, String option) {
        if (java.nio.file.Files.isReadable(file) && java.nio.file.Files.isRegularFile(file)) return null;
        String why = !java.nio.file.Files.exists(file) ? "no such file" : java.nio.file.Files.isDirectory(file) ? "is a directory" : "cannot be read";
        return "error: " + option + " " + file + ": " + why + (option.equals("--data")
                ? " (a recording is JSON lines or CSV, see --help; an example: config/examples/trapped-passenger.jsonl)" : "");
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long tickMs = Durations.parse(tick), tailMs = Durations.parse(tail);
        if (tickMs <= 0 || tailMs < 0) {
            err.println("--tick and --tail take durations such as 1s, 10m, 2h");
            return 2;
        }
        String missing = unreadable(data, "--data");
        for (int i = 0; missing == null && rules != null && i < rules.size(); i++) missing = unreadable(rules.get(i), "--rules");
        if (missing != null) {
            err.println(missing);
            return 2;
        }
        ProfileLoader.Result pr = ProfileLoader.check(List.of(profilesDir));
        if (!pr.ok()) {
            pr.problems().forEach(err::println);
            return 2;
        }
        Map<String, DeviceProfile> profiles = pr.profiles();
        RuleSetLoader.Result r = new RuleSetLoader(profiles).load(rules);
        if (!r.ok()) {
            r.problems().forEach(err::println);
            return 1;
        }
        DeviceRegistry registry = devices == null ? null : RegistryLoader.load(devices, profiles);
        ZoneIndex zoneIndex = ZoneIndex.empty();
        if (zones != null) {
            ZoneLoadResult z = GeoJsonZoneLoader.loadDirectory(zones);
            if (!z.ok()) {
                z.problems().forEach(err::println);
                return 1;
            }
            zoneIndex = z.index();
        }
        EngineOptions eo = new EngineOptions(timeZone, EngineOptions.defaults().maxGapMillis(), EngineOptions.defaults().recentClosed());
        RuleReplay.Result result;
        try {
            result = RuleReplay.run(r.ruleSet(), profiles, registry, zoneIndex, data, new RuleReplay.Options(tickMs, tailMs, eo));
        } catch (RecordedTelemetry.BadDataException e) {
            err.println(e.getMessage());
            return 1;
        }
        ObjectMapper mapper = new ObjectMapper();
        for (AlertEvent e : result.events()) {
            if (json) {
                out.println(mapper.writeValueAsString(e));
            } else {
                out.println(Instant.ofEpochMilli(e.time()).atZone(timeZone).toOffsetDateTime() + "  " + e.kind() + "  "
                        + e.level().labelEn() + "  " + e.deviceId() + "  " + e.ruleId() + "  " + e.message());
            }
        }
        out.println(result.readings() + " readings, " + result.events().size() + " alert events");
        out.flush();
        return 0;
    }
}
