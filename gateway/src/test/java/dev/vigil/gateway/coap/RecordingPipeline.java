package dev.vigil.gateway.coap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gateway's decode-and-validate stage for the CoAP tests: runs the real TelemetryDecoder
 * against the registry and records what it accepted (instead of writing it to InfluxDB), and can
 * be told to fail or delay the storage step.
 */
final class RecordingPipeline implements TelemetryPipeline {
    final List<Telemetry> accepted = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    private final DeviceRegistry registry;
    private final TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
    volatile Rejection storageFailure;
    volatile long storageDelayMillis;

    RecordingPipeline(DeviceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Future<Void> accept(RawMessage m) {
        threads.add(Context.isOnEventLoopThread() ? "event-loop" : Thread.currentThread().getName());
        try {
            Device d = registry.byId(m.deviceId());
            if (d == null) throw new Rejection(Rejection.Reason.UNKNOWN_DEVICE, "unknown device " + m.deviceId());
            JsonNode root = m.format() == RawMessage.Format.JSON ? TelemetryDecoder.parseJson(m.payload()) : TelemetryDecoder.parseCbor(m.payload());
            List<Telemetry> readings = decoder.decode(d, registry.profileOf(d), root, m.receivedAt(), m.protocol());
            return acceptDecoded(readings);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
    }

    @Override
    public void refused(String protocol, String who, dev.vigil.profile.Rejection rejection) { }
    public Future<Void> acceptDecoded(List<Telemetry> readings) {
        Rejection fail = storageFailure;
        if (fail != null) return Future.failedFuture(fail);
        if (storageDelayMillis <= 0) {
            accepted.addAll(readings);
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        Vertx vertx = Vertx.currentContext().owner();
        vertx.setTimer(storageDelayMillis, id -> {
            accepted.addAll(readings);
            p.complete();
        });
        return p.future();
    }
}
