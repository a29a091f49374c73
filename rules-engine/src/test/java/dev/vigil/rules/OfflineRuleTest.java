package dev.vigil.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.vigil.rules.Harness.none;
import static dev.vigil.rules.Harness.one;
import static dev.vigil.rules.Harness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

class OfflineRuleTest {
    @TempDir
    Path dir;

    private static final String OFFLINE = """
            - id: missing
              kind: offline
              levels: {yellow: 1h, orange: 8h}
            - id: so2-missing
              kind: offline
              field: so2
              level: blue
              after: 10m
            """;

    @Test
    void aSilentDeviceRaisesOnTicksAndEscalatesThenClearsOnItsNextReading() {
        Harness h = new Harness(dir, "emission-cems", OFFLINE);
        none(h.send(s(0), "so2", 10.0, "o2", 6.0));
        none(h.tick(s(599)));
        AlertEvent field = one(h.tick(s(600)), AlertEvent.Kind.RAISED, Level.BLUE, s(600));
        assertEquals("so2-missing", field.ruleId());
        assertEquals(s(0), field.evidence().get("last_seen"));
        none(h.tick(s(3599)));
        AlertEvent y = one(h.tick(s(3600)), AlertEvent.Kind.RAISED, Level.YELLOW, s(3600));
        assertEquals("missing", y.ruleId());
        none(h.tick(s(8 * 3600 - 1)));
        AlertEvent o = one(h.tick(s(8 * 3600)), AlertEvent.Kind.ESCALATED, Level.ORANGE, s(8 * 3600));
        assertEquals(y.alertId(), o.alertId());
        none(h.tick(s(9 * 3600)));
        // a reading without so2 clears the device alert only
        AlertEvent back = one(h.send(s(9 * 3600 + 5), "o2", 6.0), AlertEvent.Kind.CLEARED, Level.ORANGE, s(9 * 3600 + 5));
        assertEquals("missing", back.ruleId());
        one(h.send(s(9 * 3600 + 6), "so2", 3.0), AlertEvent.Kind.CLEARED, Level.BLUE, s(9 * 3600 + 6));
    }

    @Test
    void aDeviceWhoseClockLagsAnHourIsNotOfflineWhileItKeepsReporting() {
        Harness h = new Harness(dir, "emission-cems", OFFLINE);
        long lag = 3_600_000;
        int readings = 0;
        // a reading every 60 s, stamped an hour before it arrives; a tick every 30 s for two hours
        for (int k = 0; k <= 4 * 120; k++) {
            long t = s(3600 + 15 * k);
            if (k % 4 == 0) {
                none(h.sendLive(t - lag, t, "so2", 10.0, "o2", 6.0));
                readings++;
            }
            if (k % 2 == 0) none(h.tick(t));
        }
        assertEquals(121, readings);
        // the state travels: an engine that imports it keeps counting from the last arrival
        h.engine.takeChangedDevices();
        DeviceState st = DeviceState.fromBytes(h.engine.exportDevice(h.device.id()).toBytes());
        h.engine = h.newEngine();
        assertEquals(true, h.engine.importDevice(st));
        // it stops: silent 10 minutes after its last arrival (3 h), not after its own last stamp (2 h)
        none(h.tick(s(3 * 3600 + 599)));
        AlertEvent field = one(h.tick(s(3 * 3600 + 600)), AlertEvent.Kind.RAISED, Level.BLUE, s(3 * 3600 + 600));
        assertEquals("so2-missing", field.ruleId());
        assertEquals(s(2 * 3600), field.evidence().get("last_seen"));
        assertEquals(s(3 * 3600), field.evidence().get("last_heard"));
        none(h.tick(s(4 * 3600 - 1)));
        one(h.tick(s(4 * 3600)), AlertEvent.Kind.RAISED, Level.YELLOW, s(4 * 3600));
    }

    @Test
    void offlineFiresAfterARestartForADeviceThatNeverSendsAgain() {
        Harness h = new Harness(dir, "emission-cems", OFFLINE);
        none(h.send(s(0), "so2", 10.0, "o2", 6.0));
        Map<String, Long> seen = h.engine.lastSeen();
        assertEquals(Map.of("dev-1", s(0), "dev-1/so2", s(0)), seen);
        // restart: a fresh engine knows the device only from the restored last-seen times
        h.engine = h.newEngine();
        none(h.engine.restore(List.of(), seen));
        one(h.tick(s(600)), AlertEvent.Kind.RAISED, Level.BLUE, s(600));
        one(h.tick(s(3600)), AlertEvent.Kind.RAISED, Level.YELLOW, s(3600));
    }

    @Test
    void anOpenOfflineAlertSurvivesARestartWithoutADuplicate() {
        Harness h = new Harness(dir, "emission-cems", OFFLINE);
        none(h.send(s(0), "so2", 10.0, "o2", 6.0));
        AlertEvent raised = one(h.tick(s(600)), AlertEvent.Kind.RAISED, Level.BLUE, s(600));
        Map<String, Long> seen = h.engine.lastSeen();
        h.engine = h.newEngine();
        none(h.engine.restore(List.of(raised), seen));
        none(h.tick(s(700)));
        assertEquals(1, h.engine.alerts().openCount());
        AlertEvent c = one(h.send(s(800), "so2", 1.0), AlertEvent.Kind.CLEARED, Level.BLUE, s(800));
        assertEquals(raised.alertId(), c.alertId());
    }

    @Test
    void lastReadingConditionOnlyCountsSilenceAfterIgnitionOn() {
        Harness h = new Harness(dir, "hazmat-vehicle", """
                - id: offline
                  kind: offline
                  last_reading: acc
                  levels: {yellow: 10m, orange: 30m}
                """);
        none(h.send(s(0), "acc", false, "speed", 0.0));
        none(h.tick(s(3600)));
        none(h.send(s(3600), "acc", true, "speed", 40.0));
        none(h.tick(s(4199)));
        one(h.tick(s(4200)), AlertEvent.Kind.RAISED, Level.YELLOW, s(4200));
        one(h.tick(s(5400)), AlertEvent.Kind.ESCALATED, Level.ORANGE, s(5400));
    }

    @Test
    void elevatorTerminalOfflineAfterThreeHeartbeats() throws Exception {
        Harness h = new Harness(dir, "elevator", ExpressionRuleTest.defaults("elevator"));
        none(h.send(s(0), "occupied", false, "door", "closed", "in_door_zone", true, "running", false, "speed", 0.0, "service_mode", "normal"));
        none(h.tick(s(179)));
        AlertEvent e = one(h.tick(s(180)), AlertEvent.Kind.RAISED, Level.BLUE, s(180));
        assertEquals("terminal-offline", e.ruleId());
    }

    @Test
    void anElevatorLeftInMaintenanceModeIsNotReportedOffline() throws Exception {
        Harness h = new Harness(dir, "elevator", ExpressionRuleTest.defaults("elevator"));
        none(h.send(s(0), "occupied", false, "door", "open", "in_door_zone", true, "running", false, "speed", 0.0, "service_mode", "maintenance"));
        none(h.tick(s(180)));
        none(h.tick(s(3600)));
        none(h.send(s(3700), "service_mode", "normal"));
        none(h.tick(s(3879)));
        one(h.tick(s(3880)), AlertEvent.Kind.RAISED, Level.BLUE, s(3880));
    }
}
