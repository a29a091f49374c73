package dev.vigil.rules;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.replay.RecordedTelemetry;
import dev.vigil.rules.zones.ZoneIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuleReplayTest {
    @TempDir
    Path dir;

    private RuleSet defaults(Map<String, DeviceProfile> profiles) {
        RuleSetLoader.Result r = new RuleSetLoader(profiles).load(List.of());
        assertEquals(List.of(), r.problems());
        return r.ruleSet();
    }

    @Test
    void jsonLinesTrappedPassengerRaisesOrangeByTheClockAndClearsWhenTheDoorOpens() throws IOException {
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        Path data = dir.resolve("trapped.jsonl");
        StringBuilder sb = new StringBuilder("# elevator e-7 stops at a landing with a passenger inside\n");
        for (int t = 0; t <= 40; t += 10) {
            sb.append("{\"device\":\"e-7\",\"profile\":\"elevator\",\"ts\":").append(s(t))
                    .append(",\"occupied\":true,\"door\":\"closed\",\"in_door_zone\":true,\"running\":false,\"speed\":0.0,\"service_mode\":\"normal\"}\n");
        }
        sb.append("{\"device\":\"e-7\",\"profile\":\"elevator\",\"ts\":\"2026-01-05T08:00:50+08:00\",\"values\":{\"door\":\"open\"}}\n");
        Files.writeString(data, sb.toString());
        RuleReplay.Result r = RuleReplay.run(defaults(profiles), profiles, null, ZoneIndex.empty(), data, RuleReplay.Options.defaults());
        assertEquals(6, r.readings());
        assertEquals(2, r.events().size(), r.events()::toString);
        AlertEvent raised = r.events().get(0);
        assertEquals(AlertEvent.Kind.RAISED, raised.kind());
        assertEquals(Level.ORANGE, raised.level());
        assertEquals(s(20), raised.time());
        assertEquals("trapped-at-level", raised.ruleId());
        assertEquals("e-7", raised.deviceId());
        assertEquals(AlertEvent.Kind.CLEARED, r.events().get(1).kind());
        assertEquals(s(50), r.events().get(1).time());
    }

    @Test
    void csvWithATailShowsOfflineAfterTheLastReading() throws IOException {
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        Path data = dir.resolve("tx.csv");
        Files.writeString(data, String.join("\n",
                "ts,device,profile,top_oil_temperature,winding_temperature",
                s(0) + ",tx-1,power-transformer,84.5,",
                s(30) + ",tx-1,power-transformer,86,90",
                s(90) + ",tx-1,power-transformer,86,90", ""));
        RuleReplay.Result r = RuleReplay.run(defaults(profiles), profiles, null, ZoneIndex.empty(), data,
                new RuleReplay.Options(1000, 600_000, EngineOptions.defaults()));
        assertEquals(3, r.readings());
        assertEquals(List.of("RAISED top-oil-temperature YELLOW " + s(90), "RAISED transformer-offline BLUE " + s(690)),
                r.events().stream().map(e -> e.kind() + " " + e.ruleId() + " " + e.level() + " " + e.time()).toList());
    }

    @Test
    void aBadReadingIsReportedWithFileAndLine() throws IOException {
        Path data = dir.resolve("bad.jsonl");
        Files.writeString(data, "{\"device\":\"e-1\",\"profile\":\"elevator\",\"ts\":" + s(0) + ",\"speed\":1.0}\n"
                + "{\"device\":\"e-1\",\"profile\":\"elevator\",\"ts\":" + s(1) + ",\"speed\":\"fast\"}\n");
        Map<String, DeviceProfile> profiles = Fixtures.profiles();
        RecordedTelemetry.BadDataException e = assertThrows(RecordedTelemetry.BadDataException.class,
                () -> RuleReplay.run(defaults(profiles), profiles, null, ZoneIndex.empty(), data, RuleReplay.Options.defaults()));
        assertEquals(data + ":2: field 'speed': expected number, got string \"fast\"", e.getMessage());
    }
}
