package dev.vigil.gateway.rulehost;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.zones.ZoneIndex;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A rule context's queue is bounded: past the limit readings are refused and counted, never queued. */
class RuleShardTest {

    @Test
    void aFullQueueRefusesAndCountsReadings() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            RulesVerticle host = new RulesVerticle(GatewayConfig.defaults(), () -> null, null, null);
            RuleShard shard = new RuleShard(0, host, null, 3);
            vertx.deployVerticle(shard, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            RuleEngine engine = new RuleEngine(RuleSet.empty(), null, ZoneIndex.empty(), EngineOptions.defaults());
            shard.init(engine, e -> List.of(), List.of(), Map.of()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            DeviceProfile p = new DeviceProfile("sensor", 1, "传感器", "sensor",
                    List.of(new FieldSpec("t", FieldType.NUMBER, "", null, null, List.of(), 0, "t", "t")), Map.of(), null);
            Device d = new Device("s-1", "sensor", "e", "r", Map.of(), null, null);
            Telemetry t = new Telemetry(d, p, 1_767_571_200_000L, new Object[] {1.0}, "test");

            // hold the context so that offered readings wait
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            shard.run(e -> {
                held.countDown();
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException x) {
                    throw new IllegalStateException(x);
                }
            });
            assertTrue(held.await(10, TimeUnit.SECONDS));
            assertTrue(shard.offer(List.of(t, t)));
            assertTrue(shard.offer(List.of(t)));
            assertFalse(shard.offer(List.of(t)));
            assertFalse(shard.offer(List.of(t, t)));
            assertEquals(3, shard.queued());
            assertEquals(3, shard.dropped());
            release.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> shard.queued() == 0);
            assertTrue(shard.offer(List.of(t, t, t)));
            await().atMost(10, TimeUnit.SECONDS).until(() -> shard.queued() == 0);
            assertEquals(3, shard.dropped());
            assertEquals(0, engine.stateCount()); // no rules: evaluated without states
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
