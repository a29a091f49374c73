package dev.vigil.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code vigil gateway} with a broken configuration stops before starting anything and names every problem. */
class GatewayCommandConfigTest {

    @Test
    void everyProblemIsPrintedOnItsOwnLineAndNothingStarts(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("vigil.yaml"), """
                registry: %s
                mqtt:
                  port: abc
                validation:
                  max_future_skew_seconds: 300
                """.formatted(dir.resolve("devices.yaml")));
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = CliRun.of("gateway", "--config", f.toString()).code();
        } finally {
            System.setErr(before);
        }
        assertEquals(2, code);
        // the file's problems come first, in line order (variables of this JVM's environment, if any, after them)
        assertEquals(List.of(
                "error: " + f + ":3: mqtt.port: expected an integer, got \"abc\"",
                "error: " + f + ":5: validation.max_future_skew_seconds: renamed to validation.max_future_skew_ms"),
                err.toString(StandardCharsets.UTF_8).lines().limit(2).toList());
    }
}
