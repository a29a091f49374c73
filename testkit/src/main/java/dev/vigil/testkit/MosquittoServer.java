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
 * {@link #log()} for assertion messages).
 */
public final class MosquittoServer implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final int port;
    private final Process process;

    private MosquittoServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a broker on a free port and waits until it accepts connections. */
    public static MosquittoServer start() {
        String binary = System.getenv().getOrDefault("MOSQUITTO", findBinary());
        try {
            Path dir = Files.createTempDirectory("vigil-mosquitto-");
            int port = freePort();
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    // as root, mosquitto would switch to user "mosquitto", which cannot write the log here
                    "user " + System.getProperty("user.name"),
                    "log_dest file " + dir.resolve("mosquitto.log"),
                    "log_type debug",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    "log_type information",
                    "max_queued_messages 10000",
                    ""), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(binary, "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.out").toFile())
                    .start();
            MosquittoServer server = new MosquittoServer(dir, port, p);
            try {
                server.awaitPort();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto (" + binary
                    + "); install the Debian package 'mosquitto' or set MOSQUITTO to the binary", e);
        }
    }

    /** The broker's port on 127.0.0.1. */
    public int port() { return port; }

    /** The URL for Paho clients, {@code tcp://127.0.0.1:<port>}. */
    public String url() { return "tcp://127.0.0.1:" + port; }

    /** The broker's log so far, and its console output (for assertion messages). */
    public String log() {
        return read("mosquitto.out") + read("mosquitto.log");
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private void awaitPort() {
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
