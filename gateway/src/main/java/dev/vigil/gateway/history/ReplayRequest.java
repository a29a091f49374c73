package dev.vigil.gateway.history;

import dev.vigil.profile.DeviceRegistry;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.RuleSetLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A rules replay request checked against the registry: candidate rules (rule file YAML, loaded
 * over the profiles' default rules as the gateway loads them), the devices (one device, or every
 * device of a profile the caller may see) and the range.
 */
public record ReplayRequest(RuleSet rules, QueryPlanner.Target target, long from, long to) {

    /**
     * @param rulesYaml the candidate rule file's text
     * @param device    a device id, or null
     * @param profile   a profile name, or null (exactly one of device and profile)
     */
    public static ReplayRequest of(QueryPlanner planner, DeviceRegistry registry, Scope scope, String rulesYaml, String device,
                                   String profile, String from, String to) {
        if ((device == null) == (profile == null)) throw HistoryException.bad("device", "give either device or profile");
        if (from == null) throw HistoryException.bad("from", "from is required (ISO 8601 with offset or epoch ms)");
        long f = Times.parse("from", from);
        long t = to == null ? System.currentTimeMillis() : Times.parse("to", to);
        if (f > t) throw HistoryException.bad("from", "from (" + from + ") is after to (" + to + ")");
        QueryPlanner.Target target;
        if (device != null) {
            target = planner.device(scope, device);
        } else {
            var p = planner.profile("profile", profile);
            var devices = planner.devices(scope, profile, null, null);
            if (devices.isEmpty()) throw new HistoryException(404, "profile", "no device of profile " + profile);
            target = new QueryPlanner.Target(devices, p);
        }
        if (rulesYaml == null || rulesYaml.isBlank()) throw HistoryException.bad("rules", "rules: give the candidate rule file's YAML");
        RuleSetLoader.Result r;
        Path tmp = null;
        try {
            tmp = Files.createTempFile("vigil-replay-", ".yaml");
            Files.writeString(tmp, rulesYaml);
            r = new RuleSetLoader(registry.profiles()).load(List.of(tmp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
        if (!r.ok()) {
            String tmpName = tmp.toString();
            throw HistoryException.bad("rules", "the rules were refused: " + String.join("; ",
                    r.problems().stream().map(p -> p.toString().replace(tmpName, "rules")).toList()));
        }
        return new ReplayRequest(r.ruleSet(), target, f, t);
    }
}
