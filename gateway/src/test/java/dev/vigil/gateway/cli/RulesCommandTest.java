package dev.vigil.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code vigil rules check} and {@code vigil rules test} through picocli, as the launcher runs them. */
class RulesCommandTest {
    private static final String PROFILES = Path.of("..", "device-profiles", "profiles").toString();
    private static final String ELEVATOR_PROFILE = Path.of(PROFILES, "elevator.yaml").toString();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void checkAcceptsTheDefaultRules() {
        assertEquals(0, run("rules", "check", "--profiles", PROFILES, ELEVATOR_PROFILE), err::toString);
        assertEquals("ok: 49 rules for 4 profiles (1 file checked)", out.toString().strip());
    }

    @Test
    void theShippedExampleRuleFileIsValid() {
        String example = Path.of("..", "config", "rules", "example-overrides.yaml").toString();
        assertEquals(0, run("rules", "check", "--profiles", PROFILES, example), err::toString);
        assertEquals("ok: 51 rules for 4 profiles (1 file checked)", out.toString().strip());
    }

    @Test
    void checkPrintsProblemsAsFileLineMessage() throws Exception {
        Path f = dir.resolve("acme.yaml");
        Files.writeString(f, """
                scope: {profile: elevator, enterprise: acme}
                rules:
                  - id: slow-door
                    kind: expression
                    level: yellow
                    when: 'door == "open" && runing'
                """);
        assertEquals(1, run("rules", "check", "--profiles", PROFILES, f.toString()));
        assertEquals(f + ":6: rule slow-door: when: undeclared reference to 'runing' (column 19)\n1 problem",
                out.toString().strip());
    }

    @Test
    void testReplaysARecordingAndPrintsTheAlerts() throws Exception {
        long t0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        Path data = dir.resolve("trapped.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s <= 30; s += 10) {
            sb.append("{\"device\":\"e-7\",\"profile\":\"elevator\",\"ts\":").append(t0 + s * 1000L)
                    .append(",\"occupied\":true,\"door\":\"closed\",\"in_door_zone\":true,\"running\":false,\"service_mode\":\"normal\"}\n");
        }
        Files.writeString(data, sb.toString());
        assertEquals(0, run("rules", "test", "--profiles", PROFILES, "--data", data.toString()), err::toString);
        assertEquals("2026-01-05T08:00:20+08:00  RAISED  orange  e-7  trapped-at-level  "
                + "[橙色预警] 平层困人 / [orange] Passenger trapped at a landing (in_door_zone=true, door=closed, occupied=true, running=false)\n"
                + "4 readings, 1 alert events", out.toString().strip());
    }

    /** The recording the README's example replays: the trapped-passenger episode raises orange and clears when the door opens. */
    @Test
    void theShippedExampleRecordingRaisesAndClearsTheTrappedPassengerAlert() {
        assertEquals(0, run("rules", "test", "--profiles", PROFILES, "--data", "../config/examples/trapped-passenger.jsonl"), err::toString);
        assertEquals("2026-11-27T09:00:30+08:00  RAISED  orange  elv-0100  trapped-at-level  "
                + "[橙色预警] 平层困人 / [orange] Passenger trapped at a landing (in_door_zone=true, door=closed, occupied=true, running=false)\n"
                + "2026-11-27T09:00:55+08:00  CLEARED  orange  elv-0100  trapped-at-level  "
                + "已恢复：平层困人 / cleared: Passenger trapped at a landing (in_door_zone=true, door=open, occupied=true, running=false)\n"
                + "12 readings, 2 alert events", out.toString().strip());
    }

    @Test
    void aMissingRecordingIsOneClearLine() {
        assertEquals(2, run("rules", "test", "--profiles", PROFILES, "--data", dir.resolve("recorded.jsonl").toString()));
        assertEquals("error: --data " + dir.resolve("recorded.jsonl") + ": no such file (a recording is JSON lines or CSV, see --help;"
                + " an example: config/examples/trapped-passenger.jsonl)", err.toString().strip());
        assertEquals("", out.toString());
    }
}
