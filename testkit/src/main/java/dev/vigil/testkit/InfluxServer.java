package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private boolean closed;

    private InfluxServer(Path dir, int httpPort, int rpcPort, ServerProcess process) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.rpcPort = rpcPort;
        this.process = process;
    }

    /**
     * Starts {@code influxd} on free ports in a new temporary directory and waits until it answers
     * {@code /ping}. Fails (never skips) when {@code influxd} is not installed.
     */
    public static InfluxServer start() {
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
                Files.writeString(conf, InfluxConfigFile.render(dir, ports.get(0), ports.get(1)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + conf, e);
            }
            ServerProcess p = new ServerProcess("influxd",
                    List.of(binary.toString(), "-config", conf.toString()), dir.resolve("influxd.log"));
            InfluxServer server = new InfluxServer(dir, ports.get(0), ports.get(1), p);
            try {
                server.launch();
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
            if (pingOnce()) return;
            sleep(50);
        }
        throw new IllegalStateException("influxd did not answer GET " + url() + "/ping with 204 within "
                + START_TIMEOUT.toSeconds() + " s; log " + process.logFile() + ":\n" + process.logTail(30));
    }

    /** True when {@code GET /ping} answers 204 right now. */
    public boolean ping() {
        return pingOnce();
    }

    private boolean pingOnce() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/ping"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for influxd", e);
        }
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
        post("CREATE DATABASE " + quoteIdent(name));
    }

    /** Drops a database. */
    public void dropDatabase(String name) {
        post("DROP DATABASE " + quoteIdent(name));
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
        String uri = url() + "/query?epoch=ms&db=" + enc(db) + "&q=" + enc(influxql);
        HttpRequest req = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> resp = send(req, influxql);
        QueryResult result = QueryResult.parse(resp.body());
        if (resp.statusCode() != 200 || result.error() != null) {
            throw new IllegalStateException("InfluxQL '" + influxql + "' on " + db + " failed: HTTP "
                    + resp.statusCode() + " " + resp.body().strip());
        }
        return result;
    }

    /**
     * Writes line protocol (millisecond timestamps) to {@code db} and returns the HTTP status;
     * for preparing data and as a baseline for throughput measurements.
     */
    public int writeLines(String db, String lines) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/write?precision=ms&db=" + enc(db)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(lines, StandardCharsets.UTF_8)).build();
        HttpResponse<String> resp = send(req, "write to " + db);
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException("write to " + db + " failed: HTTP " + resp.statusCode() + " "
                    + resp.body().strip());
        }
        return resp.statusCode();
    }

    private void post(String influxql) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + enc(influxql))).build();
        HttpResponse<String> resp = send(req, influxql);
        QueryResult result = QueryResult.parse(resp.body());
        if (resp.statusCode() != 200 || result.error() != null) {
            throw new IllegalStateException("InfluxQL '" + influxql + "' failed: HTTP " + resp.statusCode()
                    + " " + resp.body().strip());
        }
    }

    private HttpResponse<String> send(HttpRequest req, String what) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("'" + what + "' to influxd at " + url() + " failed ("
                    + process.exitDescription() + "); log tail:\n" + process.logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
