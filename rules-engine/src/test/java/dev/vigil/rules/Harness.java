package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.rules.zones.ZoneIndex;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One engine with rules written inline as the profile's {@code rules:} section, and one device. */
final class Harness {
    /** Monday 2026-01-05 08:00 in Asia/Shanghai (00:00 UTC). */
    static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();

    final DeviceProfile profile;
    final Device device;
    final RuleSet rules;
    final DeviceRegistry registry;
    RuleEngine engine;
    private final ZoneIndex zones;

    Harness(Path dir, String profileName, String rulesYaml, Map<String, Object> params, ZoneIndex zones) {
        this.profile = Fixtures.profileWithRules(dir, profileName, rulesYaml);
        this.device = Fixtures.device("dev-1", profileName, "acme", "wuhai", params);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of(profileName, profile)).load(List.of());
        assertTrue(r.ok(), () -> "rules did not load: " + r.problems());
        this.rules = r.ruleSet();
        this.registry = new DeviceRegistry("", List.of(device), Map.of(profileName, profile));
        this.zones = zones;
        this.engine = newEngine();
    }

    Harness(Path dir, String profileName, String rulesYaml) {
        this(dir, profileName, rulesYaml, Map.of(), ZoneIndex.empty());
    }

    RuleEngine newEngine() {
        return new RuleEngine(rules, registry, zones, EngineOptions.defaults());
    }

    /** Seconds after T0. */
    static long s(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    List<AlertEvent> send(long time, Object... kv) {
        return engine.onTelemetry(Fixtures.reading(device, profile, time, kv));
    }

    /** A live reading: device time {@code time}, arrived at the gateway at {@code arrivedAt}. */
    List<AlertEvent> sendLive(long time, long arrivedAt, Object... kv) {
        return engine.onTelemetry(Fixtures.reading(device, profile, time, kv).arrived(arrivedAt));
    }

    List<AlertEvent> tick(long time) {
        return engine.onTick(time);
    }

    /** Asserts exactly one event of this kind, level and time, and returns it. */
    static AlertEvent one(List<AlertEvent> events, AlertEvent.Kind kind, Level level, long time) {
        assertEquals(1, events.size(), () -> "expected one " + kind + " event, got " + events);
        AlertEvent e = events.get(0);
        assertEquals(kind, e.kind(), e::toString);
        assertEquals(level, e.level(), e::toString);
        assertEquals(time, e.time(), e::toString);
        return e;
    }

    static void none(List<AlertEvent> events) {
        assertEquals(List.of(), events);
    }
}
