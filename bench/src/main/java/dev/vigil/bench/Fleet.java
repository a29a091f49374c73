package dev.vigil.bench;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.zones.ZoneIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A synthetic fleet for the benchmarks: a sensor profile with five numeric fields, five simple
 * threshold rules (one per field, two levels each), N devices and one reading per device whose
 * values stay below every threshold (the no-change path).
 */
final class Fleet {
    static final String[] FIELDS = {"t1", "t2", "t3", "t4", "t5"};
    static final String RULES = """
            scope: {profile: sensor}
            rules:
              - {id: r1, kind: threshold, field: t1, op: ">=", levels: {yellow: 85, red: 95}}
              - {id: r2, kind: threshold, field: t2, op: ">=", levels: {yellow: 85, red: 95}}
              - {id: r3, kind: threshold, field: t3, op: ">", levels: {yellow: 20, orange: 35}}
              - {id: r4, kind: threshold, field: t4, op: ">", levels: {yellow: 150}}
              - {id: r5, kind: threshold, field: t5, op: "<", levels: {blue: 5, red: 1}}
            """;

    final DeviceProfile profile;
    final RuleSet rules;
    final Telemetry[] readings;

    Fleet(int devices) {
        this(devices, "");
    }

    /** @param extraRules more rule lines for the {@code rules:} list (e.g. an offline rule) */
    Fleet(int devices, String extraRules) {
        List<FieldSpec> fields = new ArrayList<>();
        for (String f : FIELDS) fields.add(new FieldSpec(f, FieldType.NUMBER, "", null, null, List.of(), 0, f, f, null));
        profile = new DeviceProfile("sensor", 1, "传感器", "sensor", fields, Map.of(), null);
        rules = loadRules(profile, RULES + extraRules);
        readings = new Telemetry[devices];
        long t0 = 1_767_571_200_000L;
        for (int i = 0; i < devices; i++) {
            Device d = new Device("s-" + i, "sensor", "e" + (i % 50), "r" + (i % 7), Map.of(), null, null);
            Object[] v = {60.0 + i % 10, 70.0, 10.0 + i % 5, 100.0, 12.0};
            readings[i] = new Telemetry(d, profile, t0 + i % 1000, v, "bench");
        }
    }

    private static RuleSet loadRules(DeviceProfile profile, String text) {
        try {
            Path f = Files.createTempFile("bench", ".rules.yaml");
            Files.writeString(f, text);
            RuleSetLoader.Result r = new RuleSetLoader(Map.of("sensor", profile)).load(List.of(f));
            Files.delete(f);
            if (!r.ok()) throw new IllegalStateException(r.problems().toString());
            return r.ruleSet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RuleEngine engine() {
        return new RuleEngine(rules, null, ZoneIndex.empty(), EngineOptions.defaults());
    }
}
