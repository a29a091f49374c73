package dev.vigil.rules;

import dev.vigil.profile.DeviceProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile's quality: section becomes blue data-quality rules: stuck value while running, implausible jump. */
class QualityChecksTest {
    @TempDir
    Path dir;

    private static final String QUALITY = """
              []
            quality:
              running_when: 'flue_velocity > 1.0'
              fields:
                so2: {stuck: 30m, jump: {max: 300, per: 1m}}
            """;

    @Test
    void stuckValueWhileTheUnitRunsRaisesBlue() {
        Harness h = new Harness(dir, "emission-cems", QUALITY);
        // unchanged from the second reading on (s 60): 30 minutes later it is stuck
        for (int i = 0; i <= 30; i++) none(h.send(s(i * 60), "so2", 20.0, "flue_velocity", 12.0 + i * 0.01));
        AlertEvent e = one(h.send(s(1860), "so2", 20.0, "flue_velocity", 12.5), AlertEvent.Kind.RAISED, Level.BLUE, s(1860));
        assertEquals("quality-stuck-so2", e.ruleId());
        one(h.send(s(1920), "so2", 20.5, "flue_velocity", 12.5), AlertEvent.Kind.CLEARED, Level.BLUE, s(1920));
    }

    @Test
    void aUnitAtStandstillIsNotStuck() {
        Harness h = new Harness(dir, "emission-cems", QUALITY);
        for (int i = 0; i <= 40; i++) none(h.send(s(i * 60), "so2", 20.0, "flue_velocity", 0.0));
    }

    @Test
    void implausibleJumpRaisesBlue() {
        Harness h = new Harness(dir, "emission-cems", QUALITY);
        none(h.send(s(0), "so2", 20.0, "flue_velocity", 12.0));
        none(h.send(s(30), "so2", 250.0, "flue_velocity", 12.0));
        AlertEvent e = one(h.send(s(60), "so2", 400.0, "flue_velocity", 12.0), AlertEvent.Kind.RAISED, Level.BLUE, s(60));
        assertEquals("quality-jump-so2", e.ruleId());
        assertEquals(380.0, e.evidence().get("change"));
    }

    private static final String DRIFT = """
              []
            quality:
              clock_drift: 2m
            """;

    @Test
    void clockDriftOfALiveReadingRaisesOneBlueAlertUntilTheClockIsRight() {
        Harness h = new Harness(dir, "emission-cems", DRIFT);
        none(h.sendLive(s(0), s(5), "so2", 20.0));
        none(h.sendLive(s(60), s(60 + 119), "so2", 20.0));
        // the device clock is 20 minutes behind: its readings arrive 20 minutes "late"
        AlertEvent e = one(h.sendLive(s(120), s(120 + 1200), "so2", 20.0), AlertEvent.Kind.RAISED, Level.BLUE, s(120));
        assertEquals("quality-clock-drift", e.ruleId());
        assertEquals(1_200_000L, e.evidence().get("drift_ms"));
        assertEquals(s(120), e.evidence().get("device_time"));
        assertEquals(s(1320), e.evidence().get("arrived_at"));
        assertEquals(120_000L, e.evidence().get("tolerance_ms"));
        assertTrue(e.message().contains("设备时钟偏差") && e.message().contains("clock drift 20 min behind arrival"), e.message());
        none(h.sendLive(s(180), s(180 + 1200), "so2", 20.0));
        // ahead of the gateway is drift too; still the same open alert
        none(h.sendLive(s(240), s(0), "so2", 20.0));
        one(h.sendLive(s(300), s(301), "so2", 20.0), AlertEvent.Kind.CLEARED, Level.BLUE, s(300));
    }

    @Test
    void readingsWithoutArrivalTimeAreNotCheckedForDrift() {
        Harness h = new Harness(dir, "emission-cems", DRIFT);
        // backfill, period data and replays carry no arrival time: however old, no drift alert
        none(h.send(s(0), "so2", 20.0));
        none(h.send(s(60), "so2", 20.0));
        // and they do not clear an open one either
        one(h.sendLive(s(120), s(3720), "so2", 20.0), AlertEvent.Kind.RAISED, Level.BLUE, s(120));
        none(h.send(s(180), "so2", 20.0));
    }

    @Test
    void badClockDriftIsReportedAtItsLine() {
        Path f = dir.resolve("emission-cems.yaml");
        Fixtures.profileWithRules(dir, "emission-cems", """
                  []
                quality:
                  clock_drift: soon
                """);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("emission-cems", dev.vigil.profile.ProfileLoader.loadFile(f))).load(List.of());
        assertFalse(r.ok());
        List<String> msgs = r.problems().stream().map(dev.vigil.profile.Problem::toString).toList();
        assertTrue(msgs.stream().anyMatch(m -> m.matches(".*:\\d+: quality.clock_drift: expected a duration such as 20s, 10m, 4h or 1h30m, got .*")),
                msgs.toString());
    }

    @Test
    void shippedCemsProfileDeclaresQualityRules() {
        DeviceProfile p = dev.vigil.profile.ProfileLoader.loadFile(Fixtures.profileFile("emission-cems"));
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("emission-cems", p)).load(List.of());
        assertTrue(r.ok(), r.problems().toString());
        List<String> ids = r.ruleSet().entries().stream().map(RuleSet.Entry::id).filter(id -> id.startsWith("quality-")).sorted().toList();
        assertEquals(List.of("quality-clock-drift", "quality-jump-flue_temperature", "quality-jump-nox", "quality-jump-o2", "quality-jump-so2",
                "quality-stuck-flue_temperature", "quality-stuck-nox", "quality-stuck-o2", "quality-stuck-so2"), ids);
    }

    @Test
    void badQualityEntriesAreReportedAtTheirLines() {
        Path f = dir.resolve("emission-cems.yaml");
        Fixtures.profileWithRules(dir, "emission-cems", """
                  []
                quality:
                  fields:
                    so2: {stuck: 2h, jump: {max: -5, per: 1m}}
                    nox: {stuk: 2h}
                """);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of("emission-cems", dev.vigil.profile.ProfileLoader.loadFile(f))).load(List.of());
        assertFalse(r.ok());
        List<String> msgs = r.problems().stream().map(dev.vigil.profile.Problem::toString).toList();
        assertTrue(msgs.stream().anyMatch(m -> m.matches(".*:\\d+: quality.fields.so2.jump.max must be positive, got -5.0")), msgs.toString());
        assertTrue(msgs.stream().anyMatch(m -> m.matches(".*:\\d+: quality.fields.nox: unknown key 'stuk'; expected stuck, jump")), msgs.toString());
    }
}
