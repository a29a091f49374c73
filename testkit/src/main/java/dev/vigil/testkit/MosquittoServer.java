package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code mosquitto} broker (MQTT 3.1.1 and 5) on a free loopback port, anonymous
 * access, no persistence, logging to a file in its temporary directory.
 */
public final class MosquittoServer implements AutoCloseable {
    /** How long to wait for the port to accept connections. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final String INSTALL_HINT =
            "install Mosquitto, e.g. on Debian/Ubuntu: sudo apt-get install mosquitto";

    private final Path dir;
    private final int port;
    private final ServerProcess process;
    private boolean closed;

    private MosquittoServer(Path dir, int port, ServerProcess process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a broker and waits until its port accepts connections. Fails when mosquitto is missing. */
    public static MosquittoServer start() {
        Path binary = ServerProcess.locate("mosquitto", INSTALL_HINT);
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("vigil-mosquitto-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for mosquitto", e);
            }
            int port = FreePorts.find();
            Path conf = dir.resolve("mosquitto.conf");
            try {
                Files.writeString(conf, """
                        listener %d 127.0.0.1
                        allow_anonymous true
                        persistence false
                        log_dest stdout
                        log_type error
                        log_type warning
                        log_type notice
                        log_type information
                        connection_messages true
                        log_timestamp true
                        """.formatted(port));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + conf, e);
            }
            ServerProcess p = new ServerProcess("mosquitto",
                    List.of(binary.toString(), "-c", conf.toString()), dir.resolve("mosquitto.log"), dir);
            MosquittoServer server = new MosquittoServer(dir, port, p);
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                last = e;
                server.close();
            }
        }
        throw last;
    }

    private void launch() {
        process.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException("mosquitto " + process.exitDescription() + " before accepting on port "
                        + port + "; log " + process.logFile() + ":\n" + process.logTail(30));
            }
            if (FreePorts.accepts(port)) return;
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for mosquitto", e);
            }
        }
        throw new IllegalStateException("mosquitto did not accept connections on 127.0.0.1:" + port + " within "
                + START_TIMEOUT.toSeconds() + " s; log " + process.logFile() + ":\n" + process.logTail(30));
    }

    /** The broker's TCP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The broker URI for Paho clients, e.g. {@code tcp://127.0.0.1:41234}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** The last lines of the broker's log. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    /** True while the broker process runs. */
    public boolean running() {
        return process.alive();
    }

    /** Stops the broker, keeping its port so that {@link #restart()} brings it back at the same address. */
    public synchronized void stop() {
        process.stop(5_000);
    }

    /** Starts the broker again on the same port after {@link #stop()}. */
    public synchronized void restart() {
        if (closed) throw new IllegalStateException("broker is closed");
        if (process.alive()) return;
        launch();
    }

    /** Stops the broker and deletes its directory (kept when {@code vigil.testkit.keep} is true). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        process.stop(5_000);
        if (!Boolean.getBoolean("vigil.testkit.keep")) ServerProcess.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "MosquittoServer[" + uri() + ", dir " + dir + "]";
    }
}
