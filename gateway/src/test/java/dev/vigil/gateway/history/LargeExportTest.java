package dev.vigil.gateway.history;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static dev.vigil.gateway.history.HistoryFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A multi-million-row export streams with flat memory: three million CEMS readings written into
 * influxd as line protocol, exported through {@code /api/v1/export.csv} and read by the client as a
 * stream. The heap left after each garbage collection during the export (this JVM holds the
 * gateway too) must stay within 64 MiB of where it started, while the CSV is several times that.
 * Tagged {@code slow} (about a minute): {@code mvn -P slow -pl gateway -am -Dtest=LargeExportTest verify}.
 */
@Tag("slow")
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeExportTest {
    static final int ROWS = Integer.getInteger("vigil.largeExport.rows", 3_000_000);
    static final long T0 = ms("2025-01-01T00:00:00+08:00");
    private TestGateway gw;
    private InfluxDatabase db;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        gw = HistoryFixture.start(dir, db);
        StringBuilder lines = new StringBuilder(1 << 21);
        for (int i = 0; i < ROWS; i++) {
            lines.append("emission-cems,device=cems-001 so2=").append(20 + i % 97 / 10.0).append(",nox=").append(30 + i % 13)
                    .append(",o2=6.5 ").append(T0 + i * 1000L).append('\n');
            if (lines.length() > 1_500_000) {
                db.writeLines(lines.toString());
                lines.setLength(0);
            }
        }
        db.writeLines(lines.toString());
        assertEquals((long) ROWS, db.query("SELECT count(so2) FROM \"emission-cems\"").single().value(0, "count"));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void millionsOfRowsStreamWithFlatHeap() throws Exception {
        long baseline = liveHeapAfterGc();
        AtomicLong peak = new AtomicLong(baseline);
        // the live heap after a GC, every 500 ms while the export streams
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "heap-sampler"));
        sampler.scheduleWithFixedDelay(() -> peak.accumulateAndGet(liveHeapAfterGc(), Math::max), 0, 500,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort()
                + "/api/v1/export.csv?device=cems-001&from=" + T0 + "&to=" + (T0 + ROWS * 1000L))).header("Authorization", TestGateway.ADMIN_AUTH)
                .timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long lines = 0;
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                bytes += n;
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines++;
            }
        } finally {
            sampler.shutdown();
            assertTrue(sampler.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS), "the heap sampler stopped");
        }
        assertEquals(ROWS + 1L, lines, "header + one line per reading");
        long grew = peak.get() - baseline;
        assertTrue(bytes > 2 * 64L * 1024 * 1024 * ROWS / 3_000_000, "the CSV (" + bytes + " bytes) is far larger than the bound");
        assertTrue(grew < 64L * 1024 * 1024, "live heap grew by " + grew / 1024 / 1024 + " MiB while " + bytes / 1024 / 1024
                + " MiB were exported");
        String hex = HexFormat.of().formatHex(sha.digest());
        await("the export record", 10_000, () -> !db.query("SELECT * FROM evidence_exports WHERE sha256 = '" + hex + "'").isEmpty());
        Map<String, Object> rec = db.query("SELECT * FROM evidence_exports WHERE sha256 = '" + hex + "'").single().row(0);
        assertEquals((long) ROWS, rec.get("rows"));
        assertEquals(bytes, rec.get("bytes"));
    }

    /** Heap in use right after a full collection: what is still referenced. */
    private static long liveHeapAfterGc() {
        System.gc();
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getType() == MemoryType.HEAP ? p.getCollectionUsage() : null;
            if (u != null) sum += u.getUsed();
        }
        return sum;
    }
}
