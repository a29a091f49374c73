package dev.vigil.gateway.pipeline;

import dev.vigil.gateway.storage.TelemetrySink;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The gateway's pipeline: looks the device up, decodes and validates its payload against the
 * profile, hands the readings to the listeners (rules) at once and to the sink (InfluxDB), and
 * completes when the sink has stored them. Refusals are logged with device and reason, counted,
 * and returned as a failed future carrying the {@link Rejection}.
 *
 * <p>A live message that decodes to one reading has that reading stamped with its arrival time
 * ({@link Telemetry#arrivedAt()}), which the clock-drift quality check compares with the device's
 * time. Backfills (the adapter says so: JT/T 808 0x0704, HJ 212 period data) and batches (JSON
 * or CBOR arrays, several values readings: buffered data sent later) carry no arrival time:
 * their age is legitimate.
 */
public final class DefaultTelemetryPipeline implements TelemetryPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultTelemetryPipeline.class);
    /** Payloads larger than this are decoded on a worker thread, not on the event loop. */
    private static final int INLINE_DECODE_LIMIT = 64 * 1024;

    private final Vertx vertx;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryDecoder decoder;
    private final int maxPayloadBytes;
    private final TelemetrySink sink;
    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();
    private final PipelineStats stats = new PipelineStats();

    public DefaultTelemetryPipeline(Vertx vertx, Supplier<DeviceRegistry> registry, TelemetryDecoder decoder,
                                    int maxPayloadBytes, TelemetrySink sink) {
        this.vertx = vertx;
        this.registry = registry;
        this.decoder = decoder;
        this.maxPayloadBytes = maxPayloadBytes;
        this.sink = sink;
    }

    /** Adds a listener that sees every validated reading (e.g. the rules verticle). */
    public void addListener(TelemetryListener listener) {
        listeners.add(listener);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(TelemetryListener listener) {
        listeners.remove(listener);
    }

    public PipelineStats stats() {
        return stats;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public Future<Void> accept(RawMessage m) {
        stats.onReceived(m.protocol());
        DeviceRegistry reg = registry.get();
        Device device = reg.byId(m.deviceId());
        if (device == null) {
            return refuse(m.protocol(), m.deviceId(), new Rejection(Rejection.Reason.UNKNOWN_DEVICE,
                    "unknown device '" + m.deviceId() + "'"));
        }
        if (m.payload().length > maxPayloadBytes) {
            return refuse(m.protocol(), m.deviceId(), new Rejection(Rejection.Reason.TOO_LARGE,
                    "payload of " + m.payload().length + " bytes exceeds the limit of " + maxPayloadBytes + " bytes"));
        }
        DeviceProfile profile = reg.profileOf(device);
        if (m.payload().length <= INLINE_DECODE_LIMIT) {
            List<Telemetry> readings;
            try {
                readings = decode(device, profile, m);
            } catch (Rejection r) {
                return refuse(m.protocol(), m.deviceId(), r);
            }
            return store(m.protocol(), m.deviceId(), readings);
        }
        return vertx.<List<Telemetry>>executeBlocking(() -> decode(device, profile, m), false)
                .compose(readings -> store(m.protocol(), m.deviceId(), readings),
                        t -> t instanceof Rejection r ? refuse(m.protocol(), m.deviceId(), r) : Future.failedFuture(t));
    }

    @Override
    public Future<Void> accept(ValuesMessage m) {
        stats.onReceived(m.protocol());
        DeviceRegistry reg = registry.get();
        Device device = reg.byId(m.deviceId());
        if (device == null) {
            return refuse(m.protocol(), m.deviceId(), new Rejection(Rejection.Reason.UNKNOWN_DEVICE,
                    "unknown device '" + m.deviceId() + "'"));
        }
        List<Telemetry> readings;
        try {
            readings = arrived(decoder.decodeValues(device, reg.profileOf(device), m.readings(), m.receivedAt(), m.protocol()),
                    m.backfill(), m.receivedAt());
        } catch (Rejection r) {
            return refuse(m.protocol(), m.deviceId(), r);
        }
        return store(m.protocol(), m.deviceId(), readings);
    }

    /** Stamps the arrival time on the single reading of a live message; backfills and batches stay unstamped. */
    static List<Telemetry> arrived(List<Telemetry> readings, boolean backfill, long receivedAt) {
        if (backfill || readings.size() != 1) return readings;
        return List.of(readings.get(0).arrived(receivedAt));
    }

    private List<Telemetry> decode(Device device, DeviceProfile profile, RawMessage m) {
        TelemetryDecoder.Decoded d = m.format() == RawMessage.Format.CBOR
                ? decoder.decodeCbor(device, profile, m.payload(), m.receivedAt(), m.protocol())
                : decoder.decodeJson(device, profile, m.payload(), m.receivedAt(), m.protocol());
        // an array payload is a backfill (buffered readings sent later), even with one element
        return arrived(d.readings(), m.backfill() || d.array(), m.receivedAt());
    }

    private Future<Void> store(String protocol, String deviceId, List<Telemetry> readings) {
        for (TelemetryListener l : listeners) {
            try {
                l.onTelemetry(readings);
            } catch (RuntimeException e) {
                LOG.error("listener {} failed on readings of {}", l, deviceId, e);
            }
        }
        Future<Void> stored;
        try {
            stored = sink.write(readings);
        } catch (Rejection r) {
            stored = Future.failedFuture(r);
        }
        return stored.transform(ar -> {
            if (ar.succeeded()) {
                stats.onAccepted(protocol, readings.size());
                return Future.succeededFuture();
            }
            Rejection r = ar.cause() instanceof Rejection rej ? rej
                    : new Rejection(Rejection.Reason.STORAGE_FAILED, "storage failed: " + ar.cause().getMessage());
            return refuse(protocol, deviceId, r);
        });
    }

    @Override
    public void refused(String protocol, String who, Rejection rejection) {
        stats.onRefused(protocol, rejection.reason());
        LOG.warn("refused {} message from {}: {} ({})", protocol, who, rejection.getMessage(), rejection.reason().label());
    }

    private Future<Void> refuse(String protocol, String deviceId, Rejection r) {
        stats.onRefused(protocol, r.reason());
        LOG.warn("refused {} message from device {}: {} ({})", protocol, deviceId, r.getMessage(), r.reason().label());
        return Future.failedFuture(r);
    }
}
