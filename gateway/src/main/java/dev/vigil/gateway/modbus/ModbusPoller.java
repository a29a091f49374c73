package dev.vigil.gateway.modbus;

import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.gateway.pipeline.ValuesMessage;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Reading;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls every registry device that has {@code connection.modbus} on its own timer and hands each
 * good poll to the pipeline as one {@link Reading} (protocol "modbus", time = poll time), which
 * validates it against the profile like a reading of any other protocol.
 *
 * <p>Timers and bookkeeping run on this verticle's event loop; every j2mod call runs on the
 * {@link ModbusChannel} thread of the device's host:port, which unit ids on the same endpoint
 * share. A tick that finds the device's previous poll still running is skipped (counted), so a slow
 * device never queues work for itself or delays devices on other endpoints. After
 * {@code offline_after} failed polls a device is offline (listener told, re-polled with a doubling
 * backoff) until its next good poll.
 */
public final class ModbusPoller extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusPoller.class);

    private final DeviceRegistry registry;
    private final TelemetryPipeline pipeline;
    private final ModbusConfig config;
    private final DeviceStatusListener listener;
    private final PollObserver observer;
    private final Map<String, ModbusChannel> channels = new LinkedHashMap<>();
    private final Map<String, PolledDevice> devices = new LinkedHashMap<>();
    private final Map<String, ModbusDeviceStatus> statuses = new ConcurrentHashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private final java.util.function.Predicate<String> owned;

    public ModbusPoller(DeviceRegistry registry, TelemetryPipeline pipeline, ModbusConfig config,
                        DeviceStatusListener listener) {
        this(registry, pipeline, config, listener, PollObserver.NONE);
    }

    public ModbusPoller(DeviceRegistry registry, TelemetryPipeline pipeline, ModbusConfig config,
                        DeviceStatusListener listener, PollObserver observer) {
        this(registry, pipeline, config, listener, observer, id -> true);
    }

    /**
     * A poller that polls a device only while {@code owned} holds for it (cluster mode: the gateway
     * owning the device's partition polls it; when the partition moves, the next tick here skips it
     * and the new owner's next tick polls it).
     */
    public ModbusPoller(DeviceRegistry registry, TelemetryPipeline pipeline, ModbusConfig config,
                        DeviceStatusListener listener, PollObserver observer, java.util.function.Predicate<String> owned) {
        this.owned = owned;
        this.registry = registry;
        this.pipeline = pipeline;
        this.config = config;
        this.listener = listener == null ? DeviceStatusListener.NONE : listener;
        this.observer = observer == null ? PollObserver.NONE : observer;
    }

    @Override
    public Future<?> start() {
        if (!config.enabled()) return Future.succeededFuture();
        try {
            for (Device d : registry.devices()) {
                if (!ModbusTarget.isModbus(d)) continue;
                DeviceProfile profile = registry.profileOf(d);
                ModbusTarget t = ModbusTarget.of(d, profile, config);
                ModbusChannel ch = channels.computeIfAbsent(t.endpoint(), k -> new ModbusChannel(t.host(), t.port(), config));
                PolledDevice pd = new PolledDevice(t, ch, new DevicePoll(t, config.retries()));
                devices.put(d.id(), pd);
                publish(pd);
            }
        } catch (RuntimeException e) {
            closeChannels();
            return Future.failedFuture(e);
        }
        for (PolledDevice pd : devices.values()) {
            long interval = pd.target.intervalMs();
            long first = 1 + Math.floorMod(pd.target.device().id().hashCode(), interval);
            timers.add(vertx.setPeriodic(first, interval, id -> tick(pd)));
        }
        LOG.info("modbus: polling {} devices over {} connections", devices.size(), channels.size());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
        return Future.fromCompletionStage(closeChannels());
    }

    private CompletableFuture<Void> closeChannels() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ModbusChannel ch : channels.values()) closing.add(ch.close());
        channels.clear();
        return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
    }

    /** The latest status of a polled device, or null if the poller does not poll it. */
    public ModbusDeviceStatus status(String deviceId) {
        return statuses.get(deviceId);
    }

    /** The latest status of every polled device. */
    public Collection<ModbusDeviceStatus> statuses() {
        return List.copyOf(statuses.values());
    }

    /** Number of distinct TCP endpoints (and connection threads). */
    public int connectionCount() {
        return channels.size();
    }

    private void tick(PolledDevice pd) {
        if (!owned.test(pd.id())) return;
        if (pd.inFlight) {
            pd.skipped++;
            observer.onSkipped(pd.id());
            publish(pd);
            return;
        }
        long now = System.currentTimeMillis();
        if (!pd.online && now < pd.nextTryAt) return;
        pd.inFlight = true;
        long tickNanos = System.nanoTime();
        boolean queued = pd.channel.submit(() -> {
            PollOutcome o = pd.poll.poll(pd.channel);
            context.runOnContext(v -> complete(pd, o, tickNanos));
        });
        if (!queued) pd.inFlight = false;
    }

    private void complete(PolledDevice pd, PollOutcome o, long tickNanos) {
        pd.inFlight = false;
        pd.polls++;
        pd.lastPollTime = o.time();
        observer.onPoll(pd.id(), System.nanoTime() - tickNanos, o.ok());
        if (o.ok() && !o.issues().equals(pd.issues)) { // log changes only, not every poll
            if (o.issues().isEmpty()) {
                LOG.info("modbus {}: every register reads again", pd.id());
            } else {
                LOG.warn("modbus {} ({} unit {}): {} register(s) failed: {}", pd.id(), pd.channel.endpoint(),
                        pd.target.unit(), o.issues().size(), o.issues());
            }
        }
        pd.issues = o.issues();
        if (o.ok()) {
            succeeded(pd, o);
        } else {
            failed(pd, o);
        }
        publish(pd);
    }

    private void succeeded(PolledDevice pd, PollOutcome o) {
        pd.failures = 0;
        pd.lastSuccessTime = o.time();
        pd.lastError = null;
        if (!pd.online) {
            pd.online = true;
            LOG.info("modbus {}: back online", pd.id());
            listener.onOnline(pd.id(), o.time());
        }
        // The pipeline validates the reading like any other and logs and counts a refusal.
        pipeline.accept(new ValuesMessage("modbus", pd.id(), o.time(), List.of(new Reading(o.time(), byName(pd, o.values())))));
    }

    private static Map<String, Object> byName(PolledDevice pd, Object[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) m.put(pd.target.profile().fields().get(i).name(), values[i]);
        }
        return m;
    }

    private void failed(PolledDevice pd, PollOutcome o) {
        pd.failures++;
        pd.failed++;
        pd.lastError = o.failure();
        LOG.debug("modbus {}: poll failed ({} in a row): {}", pd.id(), pd.failures, o.failure());
        if (pd.failures >= config.offlineAfter()) {
            if (pd.online) {
                pd.online = false;
                LOG.warn("modbus {} ({} unit {}): offline after {} failed polls: {}", pd.id(), pd.channel.endpoint(),
                        pd.target.unit(), pd.failures, o.failure());
                listener.onOffline(pd.id(), o.time(), o.failure());
            }
            pd.nextTryAt = System.currentTimeMillis() + config.backoffAfter(pd.failures - config.offlineAfter() + 1);
        }
    }

    private void publish(PolledDevice pd) {
        statuses.put(pd.id(), new ModbusDeviceStatus(pd.id(), pd.channel.endpoint(), pd.target.unit(), pd.online,
                pd.failures, pd.polls, pd.failed, pd.skipped, pd.lastPollTime, pd.lastSuccessTime, pd.lastError, pd.issues));
    }

    /** Per-device poll state; touched only on the verticle's context. */
    private static final class PolledDevice {
        final ModbusTarget target;
        final ModbusChannel channel;
        final DevicePoll poll;
        boolean inFlight;
        boolean online = true;
        int failures;
        long polls;
        long failed;
        long skipped;
        long lastPollTime;
        long lastSuccessTime;
        long nextTryAt;
        String lastError;
        List<RegisterIssue> issues = List.of();

        PolledDevice(ModbusTarget target, ModbusChannel channel, DevicePoll poll) {
            this.target = target;
            this.channel = channel;
            this.poll = poll;
        }

        String id() {
            return target.device().id();
        }
    }
}
