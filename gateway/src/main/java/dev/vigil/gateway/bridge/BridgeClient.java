package dev.vigil.gateway.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's Eclipse Paho MQTT 5 connection to the site broker: connects, subscribes on every
 * connection, acknowledges deliveries manually, and reconnects on request so that the broker
 * redelivers what was left unacknowledged. {@link #connect()}, {@link #reconnect()} and
 * {@link #close()} block and must run on worker threads; deliveries arrive on Paho's thread.
 */
final class BridgeClient {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);
    private static final long TIMEOUT_MS = 10_000;

    /** Receives each delivery, on Paho's callback thread, with the connection it came on. */
    interface Deliveries {
        void onMessage(String topic, MqttMessage message, long connection);
    }

    private final BridgeConfig config;
    private final BridgeStats stats;
    private final Deliveries deliveries;
    private final boolean pahoReconnect;
    /** When the connection was lost (System.nanoTime), or 0 while connected. */
    private volatile long disconnectedAt;
    /** Incremented whenever a connection ends: acknowledgements of older deliveries are dropped. */
    private final AtomicLong connection = new AtomicLong();
    private final AtomicBoolean firstConnect = new AtomicBoolean(true);
    private final Promise<Void> firstSubscription = Promise.promise();
    private volatile boolean closing;
    private volatile MqttAsyncClient client;
    private volatile MqttConnectionOptions options;

    /** @param pahoReconnect let Paho reconnect by itself after a lost connection (off only in tests of the watchdog) */
    BridgeClient(BridgeConfig config, BridgeStats stats, Deliveries deliveries, boolean pahoReconnect) {
        this.config = config;
        this.stats = stats;
        this.deliveries = deliveries;
        this.pahoReconnect = pahoReconnect;
    }

    /** Connects (blocking); the subscription follows, see {@link #firstSubscription()}. */
    void connect() throws MqttException {
        client = new MqttAsyncClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        options = connectionOptions();
        client.connect(options).waitForCompletion(TIMEOUT_MS);
        // Whatever the first connection did, later ones resume the session to get redeliveries.
        options.setCleanStart(false);
    }

    /** Completes when the broker granted the first subscription, fails if it refused it. */
    Future<Void> firstSubscription() {
        return firstSubscription.future();
    }

    /** Acknowledges a delivery, unless it came on an earlier connection (then the broker redelivers it). */
    void ack(MqttMessage message, long conn) {
        if (message.getQos() == 0) return;
        if (conn != connection.get()) {
            LOG.debug("bridge {}: not acknowledging message {} of an earlier connection; the broker redelivers it",
                    config.clientId(), message.getId());
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            LOG.warn("bridge {}: acknowledging message {} failed (the broker will redeliver it): {}",
                    config.clientId(), message.getId(), e.toString());
        }
    }

    /** Milliseconds since the connection was lost, or 0 while connected. */
    long disconnectedForMillis() {
        long at = disconnectedAt;
        return at == 0 ? 0 : Math.max(1, (System.nanoTime() - at) / 1_000_000);
    }

    /** Ends the connection, if any, and opens a new one on the same session (blocking). */
    void reconnect(String why) throws MqttException {
        LOG.info("bridge {}: reconnecting to {} {}", config.clientId(), config.brokerUrl(), why);
        connection.incrementAndGet();
        if (client.isConnected()) client.disconnect(0).waitForCompletion(TIMEOUT_MS);
        client.connect(options).waitForCompletion(TIMEOUT_MS);
    }

    /** Disconnects and releases Paho's threads (blocking). */
    void close() {
        closing = true;
        MqttAsyncClient c = client;
        if (c == null) return;
        try {
            if (c.isConnected()) c.disconnect(0).waitForCompletion(TIMEOUT_MS);
            else c.disconnectForcibly(0, 1000, false);
        } catch (MqttException e) {
            LOG.warn("bridge {}: disconnect from {} failed: {}", config.clientId(), config.brokerUrl(), e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.warn("bridge {}: closing the client failed: {}", config.clientId(), e.toString());
        }
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(pahoReconnect);
        o.setAutomaticReconnectDelay(1, 30);
        o.setCleanStart(config.cleanStart());
        o.setSessionExpiryInterval(config.sessionExpirySeconds());
        o.setConnectionTimeout((int) (TIMEOUT_MS / 1000));
        o.setKeepAliveInterval(30);
        o.setReceiveMaximum(config.receiveMaximum());
        if (config.username() != null) o.setUserName(config.username());
        if (config.password() != null) o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        return o;
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
                    firstSubscription.tryComplete();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.error("bridge {}: subscribing to {} failed: {}", config.clientId(), config.subscriptionFilter(), e.toString());
                    firstSubscription.tryFail(e);
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.error("bridge {}: subscribing to {} failed: {}", config.clientId(), config.subscriptionFilter(), e.toString());
            firstSubscription.tryFail(e);
        }
    }

    /** Paho's callbacks, on Paho's threads. */
    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            deliveries.onMessage(topic, message, connection.get());
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            disconnectedAt = 0;
            if (!firstConnect.compareAndSet(true, false)) {
                stats.onReconnect();
                LOG.info("bridge {}: connected again to {}", config.clientId(), serverURI);
            }
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connection.incrementAndGet();
            if (disconnectedAt == 0) disconnectedAt = System.nanoTime();
            if (!closing) {
                LOG.warn("bridge {}: lost the connection to {} ({}); reconnecting", config.clientId(),
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
