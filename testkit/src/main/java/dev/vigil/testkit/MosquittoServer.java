package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Mosquitto broker (the Debian package {@code mosquitto}) started as a process on a free
 * loopback port with a temporary configuration, for tests that need a real MQTT 5 broker.
 *
 * <p>Anonymous access, no persistence; the broker's debug log goes to {@code mosquitto.log} in the
 * temporary directory and is quoted in the error when the broker fails to start (and by
 * {@link #log()} for assertion messages). {@link #restart()} stops and starts it on the same port,
 * for reconnection tests.
 */
public final class MosquittoServer implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;

    private final String binary;
    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoServer(String binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker on a free port and waits until it accepts connections. */
    public static MosquittoServer start() {
        String binary = System.getenv().getOrDefault("MOSQUITTO", findBinary());
        Path dir;
        int port;
        try {
            dir = Files.createTempDirectory("vigil-mosquitto-");
            port = freePort();
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    // as root, mosquitto would switch to user "mosquitto", which cannot write the log here
                    "user " + System.getProperty("user.name"),
                    "log_dest file " + dir.resolve("mosquitto.log"),
                    "log_type all",
                    "max_queued_messages 10000",
                    ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a mosquitto configuration: " + e.getMessage(), e);
        }
        MosquittoServer server = new MosquittoServer(binary, dir, port);
        try {
            server.launch();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The broker's port on 127.0.0.1. */
    public int port() { return port; }

    /** The URL for Paho clients, {@code tcp://127.0.0.1:<port>}. */
    public String url() { return "tcp://127.0.0.1:" + port; }

    /** The broker's log so far, and its console output (for assertion messages). */
    public String log() {
        return read("mosquitto.out") + read("mosquitto.log");
    }

    /** Stops the broker (every client loses its connection and, without persistence, its session) and starts it again on the same port. */
    public void restart() {
        stopProcess();
        launch();
    }

    @Override
    public void close() {
        stopProcess();
        deleteTree(dir);
    }

    private void launch() {
        try {
            process = new ProcessBuilder(binary, "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto (" + binary
                    + "); install the Debian package 'mosquitto' or set MOSQUITTO to the binary", e);
        }
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with status " + process.exitValue()
                        + " before listening on port " + port + ":\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on port " + port + " within "
                + START_TIMEOUT_MS + " ms:\n" + log());
    }

    private void stopProcess() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String findBinary() {
        for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(candidate))) return candidate;
        }
        return "mosquitto";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
