package dev.vigil.gateway.bridge;

import dev.vigil.gateway.pipeline.RawMessage;
import dev.vigil.gateway.pipeline.TelemetryPipeline;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * counted in {@link #stats()} and dropped, because a redelivery would be refused again). When storage fails,
 * the message stays unacknowledged and the bridge reconnects shortly afterwards, resuming its
 * session, so that the broker redelivers it (at-least-once: a reading can be stored twice, which
 * InfluxDB absorbs when the payload carries its own {@code ts}).
 *
 * <p>Connecting and subscribing run on worker threads; Paho's callbacks hop onto this verticle's
 * context before anything touches the pipeline. Paho's automatic reconnect restores lost
 * connections; each change is logged.
 */
public final class MqttBridge extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    private static final long TIMEOUT_MS = 10_000;
    private static final long REDELIVERY_DELAY_MS = 1_000;
    private static final long RETRY_CONNECT_MS = 2_000;

    private final BridgeConfig config;
    private final Supplier<DeviceRegistry> registry;
    private final TelemetryPipeline pipeline;
    private final BridgeStats stats = new BridgeStats();
    /** Incremented whenever the connection ends: acknowledgements of older deliveries are dropped. */
    private final AtomicLong connection = new AtomicLong();
    private final AtomicBoolean reconnectPending = new AtomicBoolean();
    private final AtomicBoolean firstConnect = new AtomicBoolean(true);
    private final Promise<Void> subscribed = Promise.promise();
    private volatile boolean stopping;
    private volatile MqttAsyncClient client;
    private volatile MqttConnectionOptions options;

    /**
     * @param config   broker, client id and subscription
     * @param registry the current device registry (a supplier, so that a reload is seen)
     * @param pipeline where accepted messages go
     */
    public MqttBridge(BridgeConfig config, Supplier<DeviceRegistry> registry, TelemetryPipeline pipeline) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
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
        if (config.sessionExpiry() == 0) {
            LOG.warn("bridge {}: session_expiry is 0, so messages left unacknowledged (storage failures) are lost on reconnect", config.clientId());
        }
        return vertx.executeBlocking(() -> {
            client = new MqttAsyncClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new Callback());
            options = connectionOptions();
            client.connect(options).waitForCompletion(TIMEOUT_MS);
            // Whatever the first connection did, later ones resume the session to get redeliveries.
            options.setCleanStart(false);
            return null;
        }).compose(v -> subscribed.future())
          .onSuccess(v -> LOG.info("bridge {}: subscribed to {} on {} (QoS {})", config.clientId(),
                  config.subscriptionFilter(), config.brokerUrl(), config.qos()))
          .recover(e -> stop().transform(ignored -> Future.failedFuture(new IllegalStateException(
                  "bridge " + config.clientId() + ": cannot subscribe to " + config.subscriptionFilter() + " on "
                          + config.brokerUrl() + ": " + e.getMessage(), e))));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        MqttAsyncClient c = client;
        if (c == null) return Future.succeededFuture();
        return vertx.executeBlocking(() -> {
            try {
                if (c.isConnected()) c.disconnect(0).waitForCompletion(TIMEOUT_MS);
                else c.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                LOG.warn("bridge {}: disconnect from {} failed: {}", config.clientId(), config.brokerUrl(), e.toString());
            }
            c.close(true);
            return null;
        });
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        o.setCleanStart(config.cleanStart());
        o.setSessionExpiryInterval(config.sessionExpiry());
        o.setConnectionTimeout((int) (TIMEOUT_MS / 1000));
        o.setKeepAliveInterval(30);
        if (config.username() != null) o.setUserName(config.username());
        if (config.password() != null) o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        return o;
    }

    /** Runs on the verticle's context for each delivery. */
    private void handle(String topic, MqttMessage message, long conn) {
        if (stopping) return;
        stats.onReceived();
        String deviceId = BridgeTopics.deviceId(topic);
        if (deviceId == null) {
            refuse(message, conn, topic, "?", Rejection.Reason.TOPIC_INVALID.label(),
                    "topic is not devices/{deviceId}/telemetry");
            return;
        }
        if (registry.get().byId(deviceId) == null) {
            refuse(message, conn, topic, deviceId, Rejection.Reason.UNKNOWN_DEVICE.label(),
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
                ack(message, conn);
            } else if (ar.cause() instanceof Rejection r && r.reason() != Rejection.Reason.STORAGE_FAILED
                    && r.reason() != Rejection.Reason.OVERLOADED) {
                // The pipeline has logged this refusal with device and reason already.
                stats.onRefused(r.reason().label());
                LOG.debug("bridge {}: refused message from device {} on topic {} [{}]: {}", config.clientId(), deviceId, topic, r.reason().label(), r.getMessage());
                ack(message, conn);
            } else {
                stats.onUnacknowledged();
                LOG.warn("bridge {}: message {} from device {} not stored, left unacknowledged for redelivery: {}",
                        config.clientId(), message.getId(), deviceId, ar.cause().getMessage());
                reconnectForRedelivery();
            }
        });
    }

    private void refuse(MqttMessage message, long conn, String topic, String deviceId, String reason, String detail) {
        stats.onRefused(reason);
        LOG.warn("bridge {}: refused message from device {} on topic {} [{}]: {}", config.clientId(), deviceId, topic, reason, detail);
        ack(message, conn);
    }

    private void ack(MqttMessage message, long conn) {
        if (message.getQos() == 0) return;
        if (conn != connection.get()) {
            LOG.debug("bridge {}: not acknowledging message {} of an earlier connection; the broker redelivers it", config.clientId(), message.getId());
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.warn("bridge {}: acknowledging message {} failed (the broker will redeliver it): {}", config.clientId(), message.getId(), e.toString());
        }
    }

    /**
     * An unacknowledged QoS 1 message is only redelivered on a new connection of the session, so
     * after a storage failure the bridge reconnects once (coalescing failures that arrive meanwhile).
     */
    private void reconnectForRedelivery() {
        if (stopping || config.qos() == 0 || !reconnectPending.compareAndSet(false, true)) return;
        vertx.setTimer(REDELIVERY_DELAY_MS, t -> vertx.executeBlocking(() -> {
            if (stopping) return null;
            LOG.info("bridge {}: reconnecting to {} so that the broker redelivers unacknowledged messages", config.clientId(), config.brokerUrl());
            connection.incrementAndGet();
            if (client.isConnected()) client.disconnect(0).waitForCompletion(TIMEOUT_MS);
            client.connect(options).waitForCompletion(TIMEOUT_MS);
            return null;
        }).onComplete(ar -> {
            reconnectPending.set(false);
            if (ar.failed() && !stopping) {
                LOG.warn("bridge {}: reconnect to {} failed, retrying in {} ms: {}", config.clientId(), config.brokerUrl(), RETRY_CONNECT_MS, ar.cause().toString());
                vertx.setTimer(RETRY_CONNECT_MS, t2 -> reconnectForRedelivery());
            }
        }));
    }

    private void subscribe() {
        MqttSubscription sub = new MqttSubscription(config.subscriptionFilter(), config.qos());
        try {
            client.subscribe(new MqttSubscription[] {sub}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        onFailure(token, new IllegalStateException("broker refused the subscription to "
                                + config.subscriptionFilter() + " with reason code 0x" + Integer.toHexString(codes[0])));
                        return;
                    }
                    stats.onSubscribed();
                    subscribed.tryComplete();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.error("bridge {}: subscribing to {} failed: {}", config.clientId(), config.subscriptionFilter(), e.toString());
                    subscribed.tryFail(e);
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("bridge {}: subscribing to {} failed: {}", config.clientId(), config.subscriptionFilter(), e.toString());
            subscribed.tryFail(e);
        }
    }

    /** Paho's callbacks, on Paho's threads: hop onto the verticle's context before any work. */
    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            long conn = connection.get();
            context.runOnContext(v -> handle(topic, message, conn));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!firstConnect.compareAndSet(true, false)) {
                stats.onReconnect();
                LOG.info("bridge {}: connected again to {}", config.clientId(), serverURI);
            }
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connection.incrementAndGet();
            if (!stopping) {
                LOG.warn("bridge {}: lost the connection to {} ({}); reconnecting automatically", config.clientId(),
                        config.brokerUrl(), response.getReasonString() != null ? response.getReasonString()
                                : String.valueOf(response.getException()));
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("bridge {}: MQTT error from {}: {}", config.clientId(), config.brokerUrl(), exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // the bridge publishes nothing
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
