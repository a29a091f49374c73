package dev.vigil.gateway.bridge;

import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device registry built in code for the bridge tests, and a pipeline double that runs the real
 * {@link TelemetryDecoder} and records what it accepted instead of writing to InfluxDB.
 */
final class BridgeTestDevices {

    private BridgeTestDevices() {}

    static DeviceRegistry registry() {
        DeviceProfile elevator = new DeviceProfile("elevator", 1, "电梯", "Elevator", List.of(
                new FieldSpec("floor", FieldType.INTEGER, "", -5.0, 100.0, null, 0, "楼层", "Floor"),
                new FieldSpec("door", FieldType.ENUM, "", null, null, List.of("closed", "open", "closing", "opening"), 0, "门", "Door"),
                new FieldSpec("speed", FieldType.NUMBER, "m/s", 0.0, 10.0, null, 0, "速度", "Speed"),
                new FieldSpec("occupied", FieldType.BOOLEAN, "", null, null, null, 0, "有人", "Occupied")),
                Map.of(), null);
        return new DeviceRegistry("salt", List.of(
                new Device("elv-1", "elevator", "acme", "wuhai", Map.of("rated_speed", 1.75), null, null),
                new Device("elv-2", "elevator", "acme", "wuhai", Map.of("rated_speed", 1.0), null, null)),
                Map.of("elevator", elevator));
    }

    /** Decodes with the real decoder, records accepted readings, can fail storage once per ts. */
    static final class RecordingPipeline implements TelemetryPipeline {
        final Queue<Telemetry> accepted = new ConcurrentLinkedQueue<>();
        final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final DeviceRegistry registry;
        private final TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
        private final Set<Long> failStorageOnceFor = ConcurrentHashMap.newKeySet();

        RecordingPipeline(DeviceRegistry registry) {
            this.registry = registry;
        }

        /** The first attempt to store the reading with this ts fails as storage would. */
        RecordingPipeline failStorageOnce(long ts) {
            failStorageOnceFor.add(ts);
            return this;
        }

        @Override
        public Future<Void> accept(RawMessage message) {
            try {
                Device device = registry.byId(message.deviceId());
                if (device == null) throw new Rejection(Rejection.Reason.UNKNOWN_DEVICE, "unknown device " + message.deviceId());
                List<Telemetry> readings = decoder.decode(device, registry.profileOf(device),
                        TelemetryDecoder.parseJson(message.payload()), message.receivedAt(), message.protocol());
                return acceptDecoded(readings);
            } catch (Rejection r) {
                return Future.failedFuture(r);
            }
        }

        @Override
        public void refused(String protocol, String who, dev.vigil.profile.Rejection rejection) { }
        public Future<Void> acceptDecoded(List<Telemetry> readings) {
            for (Telemetry t : readings) {
                attempts.computeIfAbsent(t.time(), k -> new AtomicInteger()).incrementAndGet();
                if (failStorageOnceFor.remove(t.time())) {
                    return Future.failedFuture(new Rejection(Rejection.Reason.STORAGE_FAILED, "InfluxDB write failed: connection refused"));
                }
            }
            accepted.addAll(readings);
            return Future.succeededFuture();
        }
    }
}
