package dev.vigil.gateway.jt808;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the standard-library Python JT/T 808 terminal ({@code src/test/python/jt808_client.py}),
 * an implementation that shares no code with the gateway, and collects its JSON reply lines.
 */
final class PythonTerminal implements AutoCloseable {
    static final Path SCRIPT = Path.of("src", "test", "python", "jt808_client.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BufferedReader out;

    private PythonTerminal(Process process) {
        this.process = process;
        this.out = process.inputReader();
    }

    /** Starts the client on {@code port} for {@code phone}, running {@code steps} (a JSON list). */
    static PythonTerminal start(int port, String phone, int edition, String steps) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("python3", SCRIPT.toString(), "--port", Integer.toString(port),
                "--phone", phone, "--edition", Integer.toString(edition), steps);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new PythonTerminal(pb.start());
    }

    /** Runs the steps to the end and returns every reply line. */
    static List<JsonNode> run(int port, String phone, int edition, String steps) throws Exception {
        try (PythonTerminal t = start(port, phone, edition, steps)) {
            List<JsonNode> lines = new ArrayList<>();
            for (JsonNode n = t.next(); n != null; n = t.next()) lines.add(n);
            if (!t.process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("python client did not finish");
            if (t.process.exitValue() != 0) throw new AssertionError("python client failed: " + lines);
            return lines;
        }
    }

    /** The next reply line, or null at the end of the output. */
    JsonNode next() throws IOException {
        String line = out.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    int waitFor() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("python client did not finish");
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
