package dev.vigil.gateway.readme;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps the README true: starts {@code ./vigil demo} as a new user would (its own InfluxDB, the
 * gateway and the simulated fleet, in a private data directory and on free ports), then runs every
 * README code block marked {@code <!-- readme-test: NAME -->} in order in one shell, and checks
 * that each line the block announces with {@code # → text} appears in that block's output. The
 * README's ports (1883, 8080, 8086, CoAP 5683) and {@code var/} are rewritten to the test's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration DEMO_START = Duration.ofMinutes(4);

    private Path var;
    private Process demo;
    private Path demoLog;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /** One marked code block: its name, its shell text and the output fragments it announces. */
    record Block(String name, String script, List<String> expected) {}

    static List<Block> blocks(String readme) {
        List<Block> out = new ArrayList<>();
        String[] lines = readme.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.startsWith("<!-- readme-test:")) continue;
            String name = l.substring("<!-- readme-test:".length(), l.length() - "-->".length()).strip();
            int j = i + 1;
            if (j >= lines.length || !lines[j].startsWith("```")) throw new AssertionError("README: marker " + name + " is not followed by a code block");
            StringBuilder script = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (j++; j < lines.length && !lines[j].startsWith("```"); j++) {
                if (lines[j].startsWith("# → ")) expected.add(lines[j].substring("# → ".length()));
                else script.append(lines[j]).append('\n');
            }
            out.add(new Block(name, script.toString(), expected));
            i = j;
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The block as it runs here: the README's ports and var/ replaced by the test's. */
    String localize(String script) {
        return script
                .replace("tcp://127.0.0.1:1883", "tcp://127.0.0.1:" + ports.get("mqtt"))
                .replace("-p 1883", "-p " + ports.get("mqtt"))
                .replace("-p 8883", "-p " + ports.get("mqtt_tls"))
                .replace("127.0.0.1:8080", "127.0.0.1:" + ports.get("http"))
                .replace("localhost:8080", "127.0.0.1:" + ports.get("http"))
                .replace("127.0.0.1:8086", "127.0.0.1:" + ports.get("influx"))
                .replace("coap://127.0.0.1/", "coap://127.0.0.1:" + ports.get("coap") + "/")
                .replaceAll("(?<![\\w/])var/", var.toString() + "/");
    }

    @BeforeAll
    void startDemo() throws Exception {
        var = Files.createTempDirectory("vigil-readme-");
        for (String p : List.of("mqtt", "mqtt_tls", "http", "influx", "coap", "jt808", "hj212")) ports.put(p, freePort());
        demoLog = var.resolve("demo-console.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "vigil", "demo").directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(demoLog.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("VIGIL_") || k.startsWith("INFLUX_"));
        env.put("VIGIL_VAR", var.toString());
        env.put("VIGIL_MQTT_PORT", String.valueOf(ports.get("mqtt")));
        env.put("VIGIL_MQTT_TLS_PORT", String.valueOf(ports.get("mqtt_tls")));
        env.put("VIGIL_HTTP_PORT", String.valueOf(ports.get("http")));
        env.put("VIGIL_COAP_PORT", String.valueOf(ports.get("coap")));
        env.put("VIGIL_DEMO_INFLUX_PORT", String.valueOf(ports.get("influx")));
        env.put("VIGIL_JT808_PORT", String.valueOf(ports.get("jt808")));
        env.put("VIGIL_HJ212_PORT", String.valueOf(ports.get("hj212")));
        env.put("VIGIL_JT808_AUTH_CODES_FILE", var.resolve("jt808-auth-codes.txt").toString());
        demo = pb.start();
        await().atMost(DEMO_START).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!demo.isAlive()) fail("./vigil demo ended early:\n" + Files.readString(demoLog));
            return Files.readString(demoLog).contains("Vigil demo is running");
        });
    }

    @AfterAll
    void stopDemo() throws Exception {
        if (demo == null) return;
        demo.toHandle().descendants().forEach(ProcessHandle::destroy);
        demo.destroy();
        if (!demo.waitFor(30, TimeUnit.SECONDS)) {
            demo.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    @Test
    void everyMarkedExampleDoesWhatTheReadmeSays() throws Exception {
        List<Block> blocks = blocks(Files.readString(ROOT.resolve("README.md")));
        assertFalse(blocks.isEmpty(), "README has no <!-- readme-test --> blocks");
        // The blocks share one shell, as a reader's terminal does (TOKEN from one is used by the next);
        // any command that fails is reported in its block's output.
        StringBuilder script = new StringBuilder("exec 2>&1\ntrap 'echo \"@@exit $? ($BASH_COMMAND)\"' ERR\n"
                // the demo's InfluxDB is on the test's port: tools that read it (vigil evidence) are told so
                + "export INFLUX_URL=http://127.0.0.1:" + ports.get("influx") + "\n");
        for (Block b : blocks) {
            script.append("echo '@@block ").append(b.name()).append("'\n").append(localize(b.script()));
        }
        Path file = var.resolve("readme-examples.sh");
        Files.writeString(file, script.toString());
        Process p = new ProcessBuilder("bash", file.toString()).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(5, TimeUnit.MINUTES), "README examples did not finish");

        Map<String, String> byBlock = new LinkedHashMap<>();
        String current = null;
        StringBuilder sb = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("@@block ")) {
                if (current != null) byBlock.put(current, sb.toString());
                current = line.substring("@@block ".length());
                sb.setLength(0);
            } else {
                sb.append(line).append('\n');
            }
        }
        if (current != null) byBlock.put(current, sb.toString());
        List<String> problems = new ArrayList<>();
        for (Block b : blocks) {
            String out = byBlock.getOrDefault(b.name(), "");
            if (out.contains("@@exit ")) problems.add(b.name() + ": a command failed:\n" + out);
            for (String e : b.expected()) {
                if (!out.contains(e)) problems.add(b.name() + ": expected output to contain «" + e + "», got:\n" + out);
            }
        }
        if (!problems.isEmpty()) fail(problems.size() + " README example(s) do not do what the README says:\n\n"
                + String.join("\n\n", problems));
    }
}
