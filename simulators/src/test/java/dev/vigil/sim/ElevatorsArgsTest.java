package dev.vigil.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command-line durations, the tokens file, and argument errors of the elevator simulator. */
class ElevatorsArgsTest {

    @Test
    void durationsTakeAUnit() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(10), DurationConverter.parse("10s"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
        assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
        assertEquals(Duration.ofSeconds(40), DurationConverter.parse("40"));
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("ten"));
        assertEquals("'ten' is not a duration; use e.g. 500ms, 10s, 2m or 1h", e.getMessage());
    }

    @Test
    void tokensFileKeepsOrderAndNamesTheBadLine(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("ok.txt");
        Files.writeString(ok, "# lifts\nelv-2 = t2\n\nelv-1=t1\n");
        assertEquals(Map.of("elv-2", "t2", "elv-1", "t1"), TokenFile.read(ok));
        assertEquals("elv-2", TokenFile.read(ok).keySet().iterator().next());

        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "elv-1=t1\nelv-2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFile.read(bad));
        assertEquals(bad + ":2: expected id=token, got 'elv-2'", e.getMessage());

        Path twice = dir.resolve("twice.txt");
        Files.writeString(twice, "elv-1=a\nelv-1=b\n");
        e = assertThrows(IllegalArgumentException.class, () -> TokenFile.read(twice));
        assertEquals(twice + ":2: device elv-1 appears twice", e.getMessage());
    }

    @Test
    void elevatorsRefusesBadArgumentsWithAClearMessage(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.txt");
        Files.writeString(tokens, "elv-1=t1\nelv-2=t2\n");
        assertEquals("elevators: " + tokens + " has 2 devices; --count 5 needs 5",
                run(2, "elevators", "--tokens", tokens.toString(), "--count", "5"));
        assertEquals("elevators: unknown scenario 'stuck'; use one of trapped, trapped-between, stop-outside-zone, overspeed, door-open-running",
                run(2, "elevators", "--tokens", tokens.toString(), "--scenario", "stuck"));
        assertEquals("elevators: --scenario-device elv-9 is not one of the simulated elevators [elv-1, elv-2]",
                run(2, "elevators", "--tokens", tokens.toString(), "--scenario", "trapped", "--scenario-device", "elv-9"));
        String usage = run(2, "elevators", "--interval", "soon");
        assertTrue(usage.startsWith("Invalid value for option '--interval': 'soon' is not a duration"), usage);
    }

    private static String run(int expectedCode, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulatorCli());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(expectedCode, cli.execute(args), err.toString());
        return err.toString().lines().findFirst().orElse("");
    }
}
