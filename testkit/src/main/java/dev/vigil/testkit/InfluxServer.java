package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private {@code influxd} (InfluxDB 1.x) process on free loopback ports with all its state in a
 * temporary directory, plus a small HTTP client for the tests' set-up and assertions.
 */
public final class InfluxServer implements AutoCloseable {
    /** How long to wait for {@code /ping} after starting. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String INSTALL_HINT =
            "install InfluxDB 1.x, e.g. on Debian/Ubuntu: sudo apt-get install influxdb";
    private static final AtomicInteger DB_COUNTER = new AtomicInteger();

    private final Path dir;
    private final int httpPort;
    private final int rpcPort;
    private final ServerProcess process;
    private final InfluxHttp http;
    private boolean closed;

    private InfluxServer(Path dir, int httpPort, int rpcPort, ServerProcess process, String adminUser,
                         String adminPassword) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
        this.process = process;
        this.http = new InfluxHttp(url(), adminUser, adminPassword,
                () -> "(" + process.exitDescription() + "); log tail:\n" + process.logTail(20));
    }

    /**
     * Starts {@code influxd} on free ports in a new temporary directory and waits until it answers
     * {@code /ping}. Fails (never skips) when {@code influxd} is not installed.
     */
    public static InfluxServer start() {
        return start(null, null);
    }

    /**
     * Like {@link #start()}, but with authentication enabled and an admin user with the given
     * credentials, which this handle then uses for its own requests.
     */
    public static InfluxServer startWithAuth(String adminUser, String adminPassword) {
        return start(java.util.Objects.requireNonNull(adminUser), java.util.Objects.requireNonNull(adminPassword));
    }

    private static InfluxServer start(String adminUser, String adminPassword) {
        Path binary = ServerProcess.locate("influxd", INSTALL_HINT);
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("vigil-influx-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for influxd", e);
            }
            List<Integer> ports = FreePorts.find(2);
            Path conf = dir.resolve("influxdb.conf");
            try {
                Files.writeString(conf, InfluxConfigFile.render(dir, ports.get(0), ports.get(1), adminUser != null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + conf, e);
            }
            ServerProcess p = new ServerProcess("influxd",
                    List.of(binary.toString(), "-config", conf.toString()), dir.resolve("influxd.log"), dir);
            InfluxServer server = new InfluxServer(dir, ports.get(0), ports.get(1), p, adminUser, adminPassword);
            try {
                server.launch();
                if (adminUser != null) {
                    // allowed without credentials while the server has no user yet
                    server.execute("CREATE USER " + quoteIdent(adminUser) + " WITH PASSWORD '"
                            + adminPassword.replace("\\", "\\\\").replace("'", "\\'") + "' WITH ALL PRIVILEGES");
                }
                return server;
            } catch (IllegalStateException e) {
                // most likely another process took one of the ports in between: retry on new ones
                last = e;
                server.close();
            }
        }
        throw last;
    }

    private void launch() {
        process.start();
        awaitPing();
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException("influxd " + process.exitDescription()
                        + " before answering /ping on " + url() + "; log " + process.logFile() + ":\n"
                        + process.logTail(30));
            }
            if (http.ping()) return;
            sleep(50);
        }
        throw new IllegalStateException("influxd did not answer GET " + url() + "/ping with 204 within "
                + START_TIMEOUT.toSeconds() + " s; log " + process.logFile() + ":\n" + process.logTail(30));
    }

    /** True when {@code GET /ping} answers 204 right now. */
    public boolean ping() {
        return http.ping();
    }

    /** Base URL of the HTTP API, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The port of the RPC (backup/restore) service, kept off the default 8088. */
    public int rpcPort() {
        return rpcPort;
    }

    /** The file influxd's output goes to. */
    public Path logFile() {
        return process.logFile();
    }

    /** The last lines of influxd's log. */
    public String logTail(int lines) {
        return process.logTail(lines);
    }

    /** The temporary directory holding config, data, meta, WAL and log. */
    public Path directory() {
        return dir;
    }

    /** Creates a database (a no-op if it exists). */
    public void createDatabase(String name) {
        execute("CREATE DATABASE " + quoteIdent(name));
    }

    /** Drops a database. */
    public void dropDatabase(String name) {
        execute("DROP DATABASE " + quoteIdent(name));
    }

    /**
     * Creates a database with a name no other caller in this JVM gets, made of {@code prefix}
     * (reduced to letters, digits and underscores) and a counter, and returns the name.
     */
    public String freshDatabase(String prefix) {
        String base = prefix.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(java.util.Locale.ROOT);
        String name = base + "_" + DB_COUNTER.incrementAndGet();
        createDatabase(name);
        return name;
    }

    /**
     * Runs an InfluxQL query against {@code db} (timestamps as epoch milliseconds) and returns the
     * parsed result; fails when the server reports an error.
     */
    public QueryResult query(String db, String influxql) {
        return http.query(db, influxql);
    }

    /**
     * Writes line protocol (millisecond timestamps) to {@code db} and returns the HTTP status;
     * for preparing data and as a baseline for throughput measurements.
     */
    public int writeLines(String db, String lines) {
        return http.write(db, lines);
    }

    /** Runs an InfluxQL statement that changes things (CREATE, DROP, GRANT ...), as the admin user if any. */
    public void execute(String influxql) {
        http.execute(influxql);
    }

    /** Stops influxd but keeps its directory, so {@link #restart()} brings the same data back. */
    public synchronized void stop() {
        process.stop(10_000);
    }

    /** Starts influxd again on the same ports and directory after {@link #stop()}. */
    public synchronized void restart() {
        if (closed) throw new IllegalStateException("server is closed");
        if (process.alive()) return;
        launch();
    }

    /** The influxd process id (e.g. to read its CPU time in a benchmark), or -1 when stopped. */
    public long pid() {
        return process.pid();
    }

    /** True while the influxd process runs. */
    public boolean running() {
        return process.alive();
    }

    /**
     * Stops influxd and deletes its directory (kept when the system property
     * {@code vigil.testkit.keep} is {@code true}). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        process.stop(10_000);
        if (!Boolean.getBoolean("vigil.testkit.keep")) ServerProcess.deleteTree(dir);
    }

    /** Quotes an InfluxQL identifier. */
    static String quoteIdent(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for influxd", e);
        }
    }

    @Override
    public String toString() {
        return "InfluxServer[" + url() + ", rpc 127.0.0.1:" + rpcPort + ", dir " + dir + "]";
    }
}
