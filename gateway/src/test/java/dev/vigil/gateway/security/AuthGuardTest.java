package dev.vigil.gateway.security;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.metrics.PrometheusAccess;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credential guessing is slowed down per source address: the counting on a controllable clock, and a real gateway refusing Paho. */
@InfluxTest
class AuthGuardTest {

    private static AuthGuardConfig config(int max, long windowMs, long blockMs) {
        return ConfigLoader.fromYaml("auth_guard: {max_failures: " + max + ", window_ms: " + windowMs + ", block_ms: " + blockMs + "}")
                .authGuard();
    }

    @Test
    void failuresWithinTheWindowBlockTheAddressForTheBlockTime() {
        AtomicLong now = new AtomicLong(1_000_000);
        AuthGuard g = new AuthGuard(config(3, 10_000, 60_000), now::get);
        assertFalse(g.failed("10.1.1.1"));
        now.addAndGet(6_000);
        assertFalse(g.failed("10.1.1.1"));
        now.addAndGet(6_000); // the first failure is now outside the 10 s window
        assertFalse(g.failed("10.1.1.1"));
        assertEquals(0, g.blockedFor("10.1.1.1"));
        assertTrue(g.failed("10.1.1.1"), "three failures within 10 s start a block");
        assertEquals(60_000, g.blockedFor("10.1.1.1"));
        assertEquals(0, g.blockedFor("10.1.1.2"), "other addresses are not affected");
        assertEquals(1, g.blockedAddresses());
        now.addAndGet(59_999);
        assertEquals(1, g.blockedFor("10.1.1.1"));
        now.addAndGet(1);
        assertEquals(0, g.blockedFor("10.1.1.1"));
        assertEquals(0, g.blockedAddresses());
        assertEquals(1, g.blocksStarted());
    }

    private static int connect(TestGateway gw, String user, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(gw.mqttUri(), "guard-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setAutomaticReconnect(false);
        try {
            c.connect(o).waitForCompletion(10_000);
            c.disconnect().waitForCompletion(5_000);
            return 0;
        } catch (MqttException e) {
            return e.getReasonCode();
        } finally {
            c.close(true);
        }
    }

    @Test
    void aGuessingAddressIsRefusedEvenWithTheRightTokenUntilTheBlockEnds(InfluxDatabase db, @TempDir Path dir) throws Exception {
        GatewayConfig base = GatewayConfig.defaults().withAuthGuard(config(3, 60_000, 2_000));
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-0001", "elevator"), base)) {
            for (int i = 0; i < 3; i++) assertEquals(0x86, connect(gw, "elv-0001", "guess-" + i));
            assertEquals(0x9F, connect(gw, "elv-0001", gw.tokens.get("elv-0001")), "blocked: connection rate exceeded");
            var m = PrometheusAccess.metrics(gw.app.httpPort());
            assertEquals(1.0, m.get("vigil_messages_refused_total{protocol=\"mqtt\",reason=\"auth_blocked\"}"));
            assertEquals(3.0, m.get("vigil_messages_refused_total{protocol=\"mqtt\",reason=\"bad_credentials\"}"));
            assertEquals(1.0, m.get("vigil_auth_blocked_addresses"));
            await().atMost(Duration.ofSeconds(10)).until(() -> connect(gw, "elv-0001", gw.tokens.get("elv-0001")) == 0);
        }
    }
}
