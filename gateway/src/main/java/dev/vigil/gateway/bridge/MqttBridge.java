package dev.vigil.gateway.bridge;

import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Feeds the telemetry that devices publish to a site's own broker (Mosquitto, EMQX ...) into the
 * pipeline: an Eclipse Paho MQTT 5 client subscribes to {@link BridgeConfig#subscriptionFilter()},
 * normally an MQTT 5 shared subscription so that several gateways split the load.
 *
 * <p>The site broker has already authenticated the publishing device, so the bridge checks no
 * token: it takes the device id from the topic ({@code devices/{id}/telemetry}, see
 * {@link BridgeTopics}) and only requires that the device is registered. Messages are acknowledged
 * manually: a QoS 1 message is acknowledged when the pipeline has stored it, or when it is refused
 * (unknown device or a topic naming none: logged here; bad payload: logged by the pipeline; each
 * counted in {@link #stats()} and dropped, because a redelivery would be refused again). When
 * storage fails, the message stays unacknowledged and the bridge reconnects shortly afterwards,
 * resuming its session, so that the broker redelivers it (at-least-once: a reading can be stored
 * twice, which InfluxDB absorbs when the payload carries its own {@code ts}).
 *
 * <p>Connecting and subscribing run on worker threads; Paho's callbacks hop onto this verticle's
 * context before anything touches the pipeline. Paho's automatic reconnect restores lost
 * connections (each change is logged); a watchdog re-opens a connection that stays lost for a
 * minute all the same.
 */
public final class MqttBridge extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    private static final long REDELIVERY_DELAY_MS = 1_000;
    private static final long RETRY_CONNECT_MS = 2_000;
    private static final long WATCHDOG_PERIOD_MS = 5_000;
    /** Longer than Paho's longest wait between reconnect attempts (30 s). */
    private static final long WATCHDOG_LIMIT_MS = 60_000;

    private final BridgeConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final BridgeStats stats = new BridgeStats();
    private final AtomicBoolean reconnectPending = new AtomicBoolean();
    private final long watchdogLimitMs;
    private final boolean pahoReconnect;
    private volatile boolean stopping;
    private BridgeClient client;
    private long watchdog = -1;
    private volatile dev.vigil.gateway.health.AdapterStatus status;

    /**
     * @param config   broker, client id and subscription
     * @param registry the current device registry (a supplier, so that a reload is seen)
     * @param pipeline where accepted messages go
     */
    public MqttBridge(BridgeConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline) {
        this(config, registry, pipeline, WATCHDOG_LIMIT_MS, true);
    }

    /** For tests of the watchdog: its limit, and whether Paho reconnects by itself. */
    MqttBridge(BridgeConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline,
               long watchdogLimitMs, boolean pahoReconnect) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.watchdogLimitMs = watchdogLimitMs;
        this.pahoReconnect = pahoReconnect;
    }

    /** Where the bridge reports its connection state (for /ready and the adapter metrics). */
    public void reportTo(dev.vigil.gateway.health.AdapterStatus adapterStatus) {
        this.status = adapterStatus;
    }

    /** A bridge over a fixed registry snapshot. */
    public MqttBridge(BridgeConfig config, DeviceRegistry registry, TelemetryPipeline pipeline) {
        this(config, () -> registry, pipeline);
    }

    /** This instance's counters. */
    public BridgeStats stats() { return stats; }

    /** The configuration this bridge runs with. */
    public BridgeConfig bridgeConfig() { return config; }

    @Override
    public Future<?> start() {
        if (config.sessionExpiryMs() == 0) {
            LOG.warn("bridge {}: session_expiry_ms is 0, so messages left unacknowledged (storage failures) are lost on reconnect", config.clientId());
        }
        client = new BridgeClient(config, stats,
                (topic, message, conn) -> context.runOnContext(v -> handle(topic, message, conn)), pahoReconnect);
        return vertx.executeBlocking(() -> {
            client.connect();
            return null;
        }).compose(v -> client.firstSubscription())
          .onSuccess(v -> {
              LOG.info("bridge {}: subscribed to {} on {} (QoS {})", config.clientId(),
                      config.subscriptionFilter(), config.brokerUrl(), config.qos());
              watchdog = vertx.setPeriodic(Math.min(WATCHDOG_PERIOD_MS, watchdogLimitMs), id -> checkConnection());
          })
          .recover(e -> stop().transform(ignored -> Future.failedFuture(new IllegalStateException(
                  "bridge " + config.clientId() + ": cannot subscribe to " + config.subscriptionFilter() + " on "
                          + config.brokerUrl() + ": " + e.getMessage(), e))));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (watchdog >= 0) vertx.cancelTimer(watchdog);
        BridgeClient c = client;
        if (c == null) return Future.succeededFuture();
        return vertx.executeBlocking(() -> {
            c.close();
            return null;
        });
    }

    /** Runs on the verticle's context for each delivery. */
    private void handle(String topic, MqttMessage message, long conn) {
        if (stopping) return;
        stats.onReceived();
        String deviceId = BridgeTopics.deviceId(topic);
        if (deviceId == null) {
            refuse(message, conn, topic, "?", Rejection.Reason.TOPIC_INVALID, "topic is not devices/{deviceId}/telemetry");
            return;
        }
        if (registry.get().byId(deviceId) == null) {
            refuse(message, conn, topic, deviceId, Rejection.Reason.UNKNOWN_DEVICE,
                    "device '" + deviceId + "' is not in the device registry");
            return;
        }
        RawMessage raw = new RawMessage("bridge", deviceId, message.getPayload(), RawMessage.Format.JSON, System.currentTimeMillis());
        Future<Void> stored;
        try {
            stored = pipeline.accept(raw);
        } catch (RuntimeException e) {
            stored = Future.failedFuture(e);
        }
        stored.onComplete(ar -> {
            if (ar.succeeded()) {
                stats.onAccepted();
                client.ack(message, conn);
            } else if (ar.cause() instanceof Rejection r && r.reason() != Rejection.Reason.STORAGE_FAILED
                    && r.reason() != Rejection.Reason.OVERLOADED) {
                // The pipeline has logged this refusal with device and reason already.
                stats.onRefused(r.reason().label());
                LOG.debug("bridge {}: refused message from device {} on topic {} [{}]: {}", config.clientId(),
                        deviceId, topic, r.reason().label(), r.getMessage());
                client.ack(message, conn);
            } else {
                stats.onUnacknowledged();
                LOG.warn("bridge {}: message {} from device {} not stored, left unacknowledged for redelivery: {}",
                        config.clientId(), message.getId(), deviceId, ar.cause().getMessage());
                reconnectForRedelivery();
            }
        });
    }

    private void refuse(MqttMessage message, long conn, String topic, String deviceId, Rejection.Reason reason, String detail) {
        stats.onRefused(reason.label());
        LOG.warn("bridge {}: refused message from device {} on topic {} [{}]: {}", config.clientId(), deviceId, topic,
                reason.label(), detail);
        client.ack(message, conn);
    }

    /**
     * An unacknowledged QoS 1 message is only redelivered on a new connection of the session, so
     * after a storage failure the bridge reconnects once (coalescing failures that arrive meanwhile).
     */
    private void reconnectForRedelivery() {
        if (config.qos() == 0) return;
        reconnect("so that the broker redelivers unacknowledged messages");
    }

    /** Safety net behind Paho's automatic reconnect: a connection lost for too long is re-opened here. */
    private void checkConnection() {
        long down = client.disconnectedForMillis();
        dev.vigil.gateway.health.AdapterStatus st = status;
        if (st != null && !stopping) {
            if (down > 0) st.down("bridge", "no connection to " + config.brokerUrl() + " for " + down / 1000 + " s; reconnecting");
            else st.up("bridge", "subscribed on " + config.brokerUrl());
        }
        if (down < watchdogLimitMs || stopping || reconnectPending.get()) return;
        LOG.warn("bridge {}: no connection to {} for {} s", config.clientId(), config.brokerUrl(), down / 1000);
        reconnect("after " + down / 1000 + " s without a connection");
    }

    private void reconnect(String why) {
        if (stopping || !reconnectPending.compareAndSet(false, true)) return;
        vertx.setTimer(REDELIVERY_DELAY_MS, t -> vertx.executeBlocking(() -> {
            if (!stopping) client.reconnect(why);
            return null;
        }).onComplete(ar -> {
            reconnectPending.set(false);
            if (ar.failed() && !stopping) {
                LOG.warn("bridge {}: reconnect to {} failed, retrying in {} ms: {}", config.clientId(),
                        config.brokerUrl(), RETRY_CONNECT_MS, ar.cause().toString());
                vertx.setTimer(RETRY_CONNECT_MS, t2 -> reconnect(why));
            }
        }));
    }
}
