package dev.vigil.gateway;

import dev.vigil.gateway.alerts.InfluxAlertStore;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.Level;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A gateway that cannot start writes nothing: with an alert stored for a device that is no longer
 * registered (which a successful start clears, "device no longer registered") and the MQTT port
 * taken by another process, the start fails and the stored alert history is untouched.
 */
@InfluxTest
class GatewayStartupTest {
    private static void storeOpenAlert(InfluxDatabase db, String gone) {
        InfluxAlertStore store = new InfluxAlertStore(InfluxConfig.defaults().withUrl(db.url()).withDatabase(db.name()), 10);
        long raised = System.currentTimeMillis() - 60_000;
        store.write(new AlertEvent(gone + "/trapped-passenger/" + raised, AlertEvent.Kind.RAISED, gone, "elevator",
                "测试企业 Test Co., Ltd", "wuhai-haibowan", "trapped-passenger", 1, Level.ORANGE, null, raised,
                "passenger trapped", Map.of(), null, null));
        store.close();
    }

    private static int events(InfluxDatabase db, String gone, String kind) {
        QueryResult r = db.query("SELECT * FROM alert_events WHERE device = '" + gone + "' AND kind = '" + kind + "'");
        return r.series().stream().mapToInt(QueryResult.Series::size).sum();
    }

    @Test
    void failedStartLeavesTheDatabaseAsItWas(InfluxDatabase db, @TempDir Path dir) throws Exception {
        storeOpenAlert(db, "elv-gone-1");
        assertEquals(1, events(db, "elv-gone-1", "RAISED"));
        Map<String, String> devices = Map.of("elv-here-1", "elevator");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThrows(Exception.class, () -> TestGateway.start(dir, db, devices, GatewayConfig.defaults(), taken.getLocalPort()));
        }
        assertEquals(0, events(db, "elv-gone-1", "CLEARED"), "a gateway that failed to start must not write alert events");
        // The same gateway on a free port starts and only then clears the orphaned alert: the check above could fail.
        try (TestGateway gw = TestGateway.start(dir, db, devices)) {
            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> events(db, "elv-gone-1", "CLEARED") == 1);
        }
    }

    /**
     * A second single-node gateway (another owner: other configured ports) on a database that a
     * running gateway keeps is refused, names the holder, and writes nothing; once the first one
     * stopped (and released its lease) the second starts at once.
     */
    @Test
    void secondGatewayOnTheSameDatabaseIsRefusedUntilTheFirstStops(InfluxDatabase db, @TempDir Path dir) throws Exception {
        Map<String, String> devices = Map.of("elv-here-2", "elevator");
        Path a = java.nio.file.Files.createDirectory(dir.resolve("a"));
        Path b = java.nio.file.Files.createDirectory(dir.resolve("b"));
        int otherPort;
        try (TestGateway first = TestGateway.start(a, db, devices)) {
            // chosen once the first gateway holds its ports, so that none of them can be this one
            try (ServerSocket s = new ServerSocket(0)) {
                otherPort = s.getLocalPort();
            }
            storeOpenAlert(db, "elv-gone-2");
            Exception refused = assertThrows(Exception.class,
                    () -> TestGateway.start(b, db, devices, GatewayConfig.defaults(), otherPort));
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("another Vigil gateway")
                    && refused.getMessage().contains("(MQTT port 0, HTTP port 0)) is using InfluxDB database '" + db.name() + "'"),
                    refused.getMessage());
            assertEquals(0, events(db, "elv-gone-2", "CLEARED"), "the refused gateway wrote nothing");
        }
        try (TestGateway second = TestGateway.start(b, db, devices, GatewayConfig.defaults(), otherPort)) {
            assertEquals(otherPort, second.app.mqttPort(), "started at once on its own port once the lease was released");
        }
    }
}
