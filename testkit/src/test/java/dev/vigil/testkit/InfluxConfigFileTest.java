package dev.vigil.testkit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The private influxd's configuration comes from one template: the tests' rendering and the shell
 * scripts' ({@code scripts/influxd-conf.sh}, used by {@code ./vigil} and {@code bench/lib.sh})
 * give the same file.
 */
class InfluxConfigFileTest {
    private static final Path DIR = Path.of("/var/lib/vigil \"quoted\" \\dir&x");

    @Test
    void everyPlaceholderIsFilledAndThePathIsTomlEscaped() {
        String conf = InfluxConfigFile.render(DIR, 18086, 18088, true);
        assertFalse(conf.contains("@"), conf);
        assertTrue(conf.contains("\n  dir = \"/var/lib/vigil \\\"quoted\\\" \\\\dir&x/meta\"\n"), conf);
        assertTrue(conf.contains("\nbind-address = \"127.0.0.1:18088\"\n"), conf);
        assertTrue(conf.contains("\n  bind-address = \"127.0.0.1:18086\"\n  auth-enabled = true\n"), conf);
        assertTrue(conf.contains("\n  level = \"info\"\n"), conf);
    }

    @Test
    void shellScriptsRenderTheSameFile() throws Exception {
        Path script = Path.of("..", "scripts", "influxd-conf.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", "-c", "source \"$1\" && render_influxd_conf \"$2\" 18086 18088 false info",
                "render", script.toString(), DIR.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, p.exitValue(), out);
        assertEquals(InfluxConfigFile.render(DIR, 18086, 18088, false), out);
    }

    @Test
    void theBenchOnlyLowersTheLogLevel() throws Exception {
        Path script = Path.of("..", "scripts", "influxd-conf.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", "-c", "source \"$1\" && render_influxd_conf /d 1 2 false warn",
                "render", script.toString()).redirectErrorStream(true).start();
        List<String> bench = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        List<String> tests = InfluxConfigFile.render(Path.of("/d"), 1, 2, false).lines().toList();
        assertEquals(tests.size(), bench.size());
        for (int i = 0; i < tests.size(); i++) {
            if (!tests.get(i).equals(bench.get(i))) assertEquals("  level = \"warn\"", bench.get(i), "line " + (i + 1));
        }
    }
}
