package dev.vigil.gateway.modbus;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts src/test/node/modbus-server.js (npm modbus-serial's ServerTCP) as a node process for a
 * test, installing the locked npm packages with {@code npm ci} first when node_modules is missing.
 */
final class NodeModbusServer implements AutoCloseable {
    static final Path DIR = Path.of("src", "test", "node");
    private final Process process;
    private final int port;

    private NodeModbusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    static NodeModbusServer start(int port) throws Exception {
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("modbus-serial"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), "npm (Node.js package manager) is needed to install "
                    + "modbus-serial for the Modbus interoperability test: install the Debian packages nodejs and npm");
        }
        Process p = start(List.of("node", "modbus-server.js", Integer.toString(port)),
                "node is needed to run the modbus-serial test server: install the Debian package nodejs");
        CompletableFuture<String> ready = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) { output.append(line).append('\n'); }
                    if (line.startsWith("listening ")) ready.complete(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.complete(null);
        }, "node-modbus-server-output");
        reader.setDaemon(true);
        reader.start();
        String line = ready.get(30, TimeUnit.SECONDS);
        if (line == null) {
            p.destroyForcibly();
            throw new AssertionError("node modbus-server.js did not start: " + output);
        }
        return new NodeModbusServer(p, port);
    }

    private static Process start(List<String> command, String missing) throws IOException {
        try {
            return new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " not found on PATH: " + missing, e);
        }
    }

    private static void run(List<String> command, String missing) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(new File("target", "npm-ci.log")).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " not found on PATH: " + missing, e);
        }
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed in " + DIR + ": "
                    + Files.readString(Path.of("target", "npm-ci.log")));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
