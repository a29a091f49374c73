package dev.vigil.gateway.evidence;

import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.cli.VigilCli;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vigil evidence verify}: alert events written by the real alert store form a chain that
 * survives a restart of the store; an event edited in InfluxDB afterwards (same series and time,
 * one field changed) fails verification at exactly that event; an exported file verifies against
 * its record, and the same file with one byte changed does not.
 */
@InfluxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceVerifyTest {
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T08:00+08:00
    private TestGateway gw;
    private InfluxDatabase db;
    private Path config;
    private Path dir;

    @BeforeAll
    void start(InfluxDatabase db, @TempDir Path dir) throws Exception {
        this.db = db;
        this.dir = dir;
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, null, null);
        gw = TestGateway.start(dir, db, Map.of("cems-001", "emission-cems"), base);
        config = dir.resolve("vigil.yaml");
        Files.writeString(config, "influx:\n  url: " + db.url() + "\n  database: " + db.name() + "\n");
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    private static AlertEvent event(int i, AlertEvent.Kind kind, long time) {
        return new AlertEvent("cems-001/so2-hour/" + (T0 + i), kind, "cems-001", "emission-cems", "某热电 Thermal, Co", "wuhai-haibowan",
                "so2-hour", 2, Level.ORANGE, kind == AlertEvent.Kind.RAISED ? null : Level.ORANGE, time,
                "[橙色预警] SO2 小时均值 41.2 > 35 \"quoted\" \\ backslash", Map.of("mean", 41.2, "window", List.of(1, 2)),
                kind == AlertEvent.Kind.ACKNOWLEDGED ? "zhang" : null, null);
    }

    private static CliResult cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new VigilCli());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliResult(cl.execute(args), out.toString(), err.toString());
    }

    record CliResult(int code, String out, String err) {}

    private void writeThroughStore(List<AlertEvent> events) throws Exception {
        InfluxConfig cfg = InfluxConfig.defaults().withUrl(db.url()).withDatabase(db.name());
        InfluxAlertStore store = new InfluxAlertStore(cfg, 1000);
        for (AlertEvent e : events) store.write(e);
        store.close();
        long want = events.size();
        org.awaitility.Awaitility.await("the store's writes").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> store.eventsWritten() >= want);
        assertEquals(want, store.eventsWritten());
    }

    @Test
    void chainVerifiesAcrossARestartAndFailsAtTheEditedEvent() throws Exception {
        writeThroughStore(List.of(event(1, AlertEvent.Kind.RAISED, T0 + 1000), event(1, AlertEvent.Kind.ACKNOWLEDGED, T0 + 2000),
                event(1, AlertEvent.Kind.CLEARED, T0 + 3000)));
        // a second store (a restarted gateway) continues the chain
        writeThroughStore(List.of(event(2, AlertEvent.Kind.RAISED, T0 + 4000), event(2, AlertEvent.Kind.CLEARED, T0 + 5000)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), db.query("SELECT seq FROM alert_events").single().column("seq"));

        CliResult ok = cli("evidence", "verify", "-c", config.toString(), "--from", "2026-01-01T08:00:00+08:00", "--to", Long.toString(T0 + 10_000));
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertEquals("OK: 5 alert events from 2026-01-01T08:00:00.000+08:00 to 2026-01-01T08:00:10.000+08:00 form an unbroken chain\n", ok.out());

        // an insider edits the acknowledged event's actor in place: same series, same time
        db.writeLines("alert_events,device=cems-001,enterprise=某热电\\ Thermal\\,\\ Co,region=wuhai-haibowan,profile=emission-cems,"
                + "rule=so2-hour,level=orange,kind=ACKNOWLEDGED actor=\"li\" " + (T0 + 2000) + "\n");
        assertEquals("li", db.query("SELECT actor FROM alert_events WHERE seq = 2").single().value(0, "actor"));
        CliResult bad = cli("evidence", "verify", "-c", config.toString(), "--from", Long.toString(T0), "--to", Long.toString(T0 + 10_000));
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertEquals("FAILED at alert event seq 2 (ACKNOWLEDGED cems-001/so2-hour/" + (T0 + 1) + " at 2026-01-01T08:00:02.000+08:00): "
                + "its content does not match its hash (changed after it was written)\n", bad.out());

        // putting the value back restores the chain; deleting an event breaks it at the next one
        db.writeLines("alert_events,device=cems-001,enterprise=某热电\\ Thermal\\,\\ Co,region=wuhai-haibowan,profile=emission-cems,"
                + "rule=so2-hour,level=orange,kind=ACKNOWLEDGED actor=\"zhang\" " + (T0 + 2000) + "\n");
        assertEquals(0, cli("evidence", "verify", "-c", config.toString(), "--from", Long.toString(T0)).code());
        db.query("DELETE FROM alert_events WHERE time = " + (T0 + 4000) + "ms");
        CliResult gap = cli("evidence", "verify", "-c", config.toString(), "--from", Long.toString(T0));
        assertEquals(1, gap.code());
        assertTrue(gap.out().startsWith("FAILED at alert event seq 5 (CLEARED cems-001/so2-hour/" + (T0 + 2)), gap.out());
        assertTrue(gap.out().endsWith("events 4..4 before it are missing\n"), gap.out());
    }

    @Test
    void exportedFileVerifiesAndAChangedByteDoesNot() throws Exception {
        db.writeLines("emission-cems,device=cems-001 so2=21.5,nox=30 " + T0 + "\nemission-cems,device=cems-001 so2=22.5,nox=31 " + (T0 + 60_000) + "\n");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort()
                + "/api/v1/export.csv?device=cems-001&fields=so2,nox&from=" + T0 + "&to=" + (T0 + 600_000)))
                .header("X-Vigil-User", "inspector-7").header("Authorization", TestGateway.ADMIN_AUTH).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        Path file = dir.resolve("export.csv");
        Files.write(file, r.body());
        // the export record is written by the store's writer thread
        CliResult ok = org.awaitility.Awaitility.await("the export record").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> cli("evidence", "verify", "-c", config.toString(), file.toString()), res -> res.code() == 0);
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("OK: " + file + " matches export "), ok.out());
        assertTrue(ok.out().contains(" by inspector-7 at "), ok.out());
        assertTrue(ok.out().contains("(profile=emission-cems device=cems-001 fields=so2,nox, 2026-01-01T08:00:00.000+08:00"
                + " to 2026-01-01T08:10:00.000+08:00): 2 rows"), ok.out());

        byte[] changed = r.body().clone();
        int at = new String(changed, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("21.5");
        changed[at] = '9';
        Files.write(file, changed);
        CliResult bad = cli("evidence", "verify", "-c", config.toString(), file.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.out().startsWith("NOT FOUND: no export record has SHA-256 "), bad.out());
        assertEquals(2, cli("evidence", "verify", "-c", config.toString()).code());
    }
}
