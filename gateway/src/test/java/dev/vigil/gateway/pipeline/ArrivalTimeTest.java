package dev.vigil.gateway.pipeline;

import dev.vigil.gateway.support.TestGateway;
import dev.vigil.gateway.support.TestPipeline;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Reading;
import dev.vigil.profile.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pipeline stamps a live reading with its arrival time (for the clock-drift check), and leaves
 * backfills unstamped: messages the adapter marks as backfill, array payloads, batches of values.
 */
class ArrivalTimeTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<Telemetry> stored = new ArrayList<>();
    private final DefaultTelemetryPipeline pipeline;
    private static final long NOW = 1_767_571_200_000L;
    private static final long LATE = NOW - 20 * 60_000;

    ArrivalTimeTest() {
        DeviceProfile cems = ProfileLoader.loadFile(TestGateway.PROFILES.resolve("emission-cems.yaml"));
        Device d = new Device("cems-1", "emission-cems", "e", "r", Map.of(), null, null);
        DeviceRegistry registry = new DeviceRegistry("", List.of(d), Map.of("emission-cems", cems));
        pipeline = TestPipeline.over(vertx, registry, readings -> {
            stored.addAll(readings);
            return Future.succeededFuture();
        });
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    private List<Long> arrivals(Future<Void> f) throws Exception {
        f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<Long> out = stored.stream().map(Telemetry::arrivedAt).toList();
        stored.clear();
        return out;
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSingleLiveReadingCarriesItsArrivalTime() throws Exception {
        assertEquals(List.of(NOW), arrivals(pipeline.accept(new RawMessage("mqtt", "cems-1",
                json("{\"ts\": " + LATE + ", \"so2\": 20.0}"), RawMessage.Format.JSON, NOW))));
        assertEquals(List.of(NOW), arrivals(pipeline.accept(new ValuesMessage("modbus", "cems-1", NOW,
                List.of(new Reading(LATE, Map.of("so2", 20.0)))))));
    }

    @Test
    void backfillsCarryNone() throws Exception {
        long none = Telemetry.NO_ARRIVAL;
        assertEquals(List.of(none), arrivals(pipeline.accept(new RawMessage("hj212", "cems-1",
                json("{\"ts\": " + LATE + ", \"so2\": 20.0, \"period\": \"hour\"}"), RawMessage.Format.JSON, NOW, true))));
        assertEquals(List.of(none), arrivals(pipeline.accept(new RawMessage("mqtt", "cems-1",
                json("[{\"ts\": " + LATE + ", \"so2\": 20.0}]"), RawMessage.Format.JSON, NOW))), "an array is a backfill");
        assertEquals(List.of(none, none), arrivals(pipeline.accept(new ValuesMessage("jt808", "cems-1", NOW,
                List.of(new Reading(LATE, Map.of("so2", 20.0)), new Reading(LATE + 1000, Map.of("so2", 21.0)))))));
        assertEquals(List.of(none), arrivals(pipeline.accept(new ValuesMessage("jt808", "cems-1", NOW,
                List.of(new Reading(LATE, Map.of("so2", 20.0))), true))));
    }
}
