package dev.vigil.rules;

import dev.vigil.profile.Problem;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.eval.CompiledRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void theShippedProfilesCarryTheirDefaultRulesAndTheyLoadAsStandaloneListsToo() throws IOException {
        RuleSetLoader.Result r = new RuleSetLoader(Fixtures.profiles()).load(List.of());
        assertEquals(List.of(), r.problems());
        assertEquals(49, r.ruleSet().size());
        Map<String, Long> perProfile = new java.util.TreeMap<>();
        for (RuleSet.Entry e : r.ruleSet().entries()) perProfile.merge(e.scope().profile(), 1L, Long::sum);
        assertEquals(Map.of("elevator", 8L, "emission-cems", 22L, "hazmat-vehicle", 10L, "power-transformer", 9L), perProfile);

        // The same lists, cut out of the profiles, load as standalone rule files for profiles without rules
        // (without the 9 data-quality rules of emission-cems and the clock-drift rule of hazmat-vehicle, which their quality:
        // sections declare).
        Map<String, DeviceProfile> bare = new java.util.LinkedHashMap<>();
        List<Path> lists = new ArrayList<>();
        for (String p : Fixtures.PROFILES) {
            bare.put(p, Fixtures.profileWithRules(dir.resolve("bare"), p, "  []"));
            lists.add(write(p + ".rules.yaml", ExpressionRuleTest.defaults(p)));
        }
        RuleSetLoader.Result r2 = new RuleSetLoader(bare).load(lists);
        assertEquals(List.of(), r2.problems());
        assertEquals(39, r2.ruleSet().size());
    }

    @Test
    void overridesByEnterpriseRegionAndDeviceMergeOverTheDefault() throws IOException {
        DeviceProfile p = Fixtures.profileWithRules(dir, "power-transformer", """
                - id: top-oil
                  name: {zh: 顶层油温, en: Top oil}
                  kind: threshold
                  field: top_oil_temperature
                  op: ">="
                  levels: {yellow: 85, red: 95}
                """);
        Path overrides = write("overrides.yaml", """
                rules:
                  - id: top-oil
                    scope: {profile: power-transformer, region: wuhai}
                    levels: {yellow: 80, red: 90}
                  - id: top-oil
                    scope: {profile: power-transformer, enterprise: acme}
                    op: ">"
                  - id: top-oil
                    scope: {profile: power-transformer, device: tx-9}
                    enabled: false
                  - id: acme-extra
                    scope: {profile: power-transformer, enterprise: acme}
                    kind: threshold
                    field: h2
                    level: yellow
                    op: ">"
                    value: 100
                """);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("power-transformer", p)).load(List.of(overrides));
        assertTrue(r.ok(), r.problems()::toString);
        RuleSet rs = r.ruleSet();
        CompiledRule plain = rs.rulesFor(Fixtures.device("tx-1", "power-transformer", "other", "other", Map.of())).get(0);
        assertEquals(">= 85", plain.rule().levels().get(0).comparison().describe());
        CompiledRule regional = rs.rulesFor(Fixtures.device("tx-2", "power-transformer", "other", "wuhai", Map.of())).get(0);
        assertEquals(">= 80", regional.rule().levels().get(0).comparison().describe());
        assertEquals("顶层油温", regional.rule().name().zh());
        List<CompiledRule> acme = rs.rulesFor(Fixtures.device("tx-3", "power-transformer", "acme", "wuhai", Map.of()));
        assertEquals(List.of("top-oil", "acme-extra"), acme.stream().map(c -> c.rule().id()).toList());
        // the enterprise override wins over the region one and keeps the default levels
        assertEquals("> 85", acme.get(0).rule().levels().get(0).comparison().describe());
        List<CompiledRule> off = rs.rulesFor(Fixtures.device("tx-9", "power-transformer", "acme", "wuhai", Map.of()));
        assertEquals(List.of("acme-extra"), off.stream().map(c -> c.rule().id()).toList());
        assertEquals(List.of(), rs.rulesFor(Fixtures.device("e-1", "elevator", "acme", "wuhai", Map.of())));
    }

    @Test
    void everyProblemIsReportedWithFileAndLine() throws IOException {
        Path f = write("broken.yaml", """
                scope: {profile: elevator}
                rules:
                  - id: a
                    kind: threshold
                    field: sped
                    op: ">"
                    level: red
                    value: 2
                  - id: b
                    kind: threshold
                    field: speed
                    levels: {purple: {op: ">", value: 1}}
                  - id: c
                    kind: threshold
                    field: speed
                    level: red
                    op: ">"
                    value: 2
                    fro: 10s
                  - id: d
                    kind: expression
                    when: running
                    level: red
                    for: ten seconds
                  - id: e
                    kind: offline
                    level: blue
                  - id: a
                    kind: threshold
                    field: speed
                    op: ">"
                    level: red
                    value: 2
                  - kind: threshold
                  - id: f
                    kind: threshold
                    field: door
                    op: "=="
                    level: red
                    value: ajar
                """);
        List<Problem> problems = RuleCheck.check(List.of(f), Fixtures.profiles());
        List<String> lines = problems.stream().map(Problem::toString).toList();
        String n = f.toString();
        assertEquals(List.of(
                n + ":34: rule without 'id'",
                n + ":28: rule a: defined twice for profile=elevator (first at line 3)",
                n + ":5: rule a: unknown field 'sped': profile elevator has [floor, direction, in_door_zone, door, occupied, "
                        + "speed, running, service_mode, power, safety_circuit, fault_code]",
                n + ":12: rule b: levels: unknown level 'purple'; expected blue, yellow, orange or red",
                n + ":19: rule c: unknown key 'fro'; expected one of [active, after, auto_close, clear_delay, clear_when, count, "
                        + "description, dwell, enabled, field, for, hysteresis, id, inside, kind, last_reading, level, levels, "
                        + "max_gap, name, op, outside, params, period, position, quiet_when, scope, tolerance, tolerate, value, "
                        + "version, when, where, window]",
                n + ":24: rule d: for: expected a duration such as 20s, 10m, 4h or 1h30m, got 'ten seconds'",
                n + ":27: rule e: offline needs 'after' (the silence that enters this level, e.g. 3m)",
                n + ":40: rule f: 'ajar' is not a value of field 'door' [closed, open, closing, opening]"), lines);
    }

    @Test
    void yamlSyntaxErrorsAndMissingProfilesAreReported() throws IOException {
        Path bad = write("syntax.yaml", "rules:\n  - id: x\n    kind: [threshold\n");
        Path noProfile = write("loose.yaml", "- id: x\n  kind: offline\n  level: blue\n  after: 1m\n");
        Path unknown = write("unknown.yaml", "scope: {profile: lift}\nrules:\n  - id: x\n    kind: offline\n    level: blue\n    after: 1m\n");
        List<String> got = RuleCheck.check(List.of(bad, noProfile, unknown), Fixtures.profiles()).stream().map(Problem::toString).toList();
        assertEquals(3, got.size(), got::toString);
        assertTrue(got.get(0).startsWith(bad + ":4: invalid YAML: "), got.get(0));
        assertEquals(noProfile + ":1: rule x: no profile; add scope: {profile: ...} (or name the file <profile>.rules.yaml)", got.get(1));
        assertEquals(unknown + ":3: rule x: unknown profile 'lift'; known: [elevator, emission-cems, hazmat-vehicle, power-transformer]", got.get(2));
        assertNull(new RuleSetLoader(Fixtures.profiles()).load(List.of(bad)).ruleSet());
    }

    @Test
    void autoCloseIsAnOptionalBooleanWithItsLine() throws IOException {
        Path ok = write("auto.yaml", """
                scope: {profile: elevator}
                rules:
                  - id: a
                    kind: offline
                    level: blue
                    after: 1m
                    auto_close: true
                  - id: b
                    kind: offline
                    level: blue
                    after: 1m
                """);
        var set = new RuleSetLoader(Fixtures.profiles()).load(List.of(ok)).ruleSet();
        assertNotNull(set);
        assertEquals(List.of(true, false), set.rules().stream().filter(r -> r.id().equals("a") || r.id().equals("b"))
                .map(dev.vigil.rules.model.Rule::autoClose).toList());
        Path bad = write("auto-bad.yaml", """
                scope: {profile: elevator}
                rules:
                  - id: c
                    kind: offline
                    level: blue
                    after: 1m
                    auto_close: yes please
                """);
        assertEquals(List.of(bad + ":7: rule c: auto_close: expected true or false, got 'yes please'"),
                RuleCheck.check(List.of(bad), Fixtures.profiles()).stream().map(Problem::toString).toList());
    }
}
