package dev.vigil.gateway.bridge;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.config.Setting;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Settings of the broker bridge: which site broker to subscribe to, as whom, and how the
 * subscription is shared between several gateways ({@code bridge:} in the gateway config).
 *
 * @param enabled       run the bridge (default false)
 * @param brokerUrl     the site broker, e.g. {@code tcp://broker.example:1883} or {@code ssl://...}
 *                      (required when enabled)
 * @param clientId      MQTT client id; must differ between gateways sharing a subscription and
 *                      stay the same across restarts of one gateway so its session (and the
 *                      unacknowledged messages in it) survives; default {@code vigil-bridge-<host name>}
 * @param username      user name at the site broker, or null
 * @param password      password at the site broker, or null
 * @param topicFilter   the telemetry topics (default {@code devices/+/telemetry}); the device id
 *                      is the topic level after {@code devices}
 * @param sharedGroup   MQTT 5 shared-subscription group: with {@code vigil} the bridge subscribes
 *                      {@code $share/vigil/<topicFilter>} and the broker splits the messages
 *                      between the gateways in the group round-robin, which splits each device's
 *                      readings and rule state over them (fine for storage-only gateways; with
 *                      rules, several gateways need cluster mode); empty for a plain subscription
 *                      (default "vigil"). Mosquitto keeps dealing a share of the messages to the
 *                      stored session of a gateway that went away, until its session expires
 *                      (other brokers, e.g. EMQX, redispatch), so a gateway retired for good
 *                      should be restarted once with {@code clean_start} and session_expiry_ms 0
 * @param qos           subscription QoS, 0 or 1 (default 1: a message is acknowledged to the
 *                      broker only once stored)
 * @param cleanStart    discard the broker-side session when the gateway starts (default false);
 *                      reconnects after that always resume the session so that unacknowledged
 *                      messages are redelivered
 * @param sessionExpiryMs how long the broker keeps the session while the bridge is disconnected
 *                      (default 1 hour; sent in whole seconds, rounded up); 0 loses unacknowledged
 *                      messages on every reconnect
 * @param receiveMaximum QoS 1 messages the broker may have unacknowledged at this gateway at once
 *                      (MQTT 5 Receive Maximum, default 1000): when storage slows down, the broker
 *                      holds the rest back
 */
public record BridgeConfig(
        @Setting(def = "false") boolean enabled,
        @Setting String brokerUrl,
        @Setting String clientId,
        @Setting String username,
        @Setting String password,
        @Setting(def = DEFAULT_TOPIC_FILTER) String topicFilter,
        @Setting(def = "vigil") String sharedGroup,
        @Setting(def = "1") int qos,
        @Setting(def = "false") boolean cleanStart,
        @Setting(def = "3600000", was = "session_expiry") long sessionExpiryMs,
        @Setting(def = "1000") int receiveMaximum) {

    /** The default telemetry topic filter. */
    public static final String DEFAULT_TOPIC_FILTER = "devices/+/telemetry";
    private static final long MAX_SESSION_EXPIRY_MS = 0xFFFF_FFFFL * 1000;

    public BridgeConfig {
        if (clientId == null || clientId.isBlank()) clientId = "vigil-bridge-" + hostName();
        if (topicFilter == null || topicFilter.isBlank()) topicFilter = DEFAULT_TOPIC_FILTER;
        if (sharedGroup == null) sharedGroup = "";
        if (enabled && (brokerUrl == null || brokerUrl.isBlank())) {
            throw new IllegalArgumentException("bridge.broker_url: required when the bridge is enabled, e.g. tcp://127.0.0.1:1883");
        }
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("bridge.qos: " + qos + " is not supported; use 0 or 1");
        }
        if (sessionExpiryMs < 0 || sessionExpiryMs > MAX_SESSION_EXPIRY_MS) {
            throw new IllegalArgumentException("bridge.session_expiry_ms: " + sessionExpiryMs + " is outside 0.." + MAX_SESSION_EXPIRY_MS);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("bridge.receive_maximum: " + receiveMaximum + " is outside 1..65535");
        }
        if (sharedGroup.contains("/") || sharedGroup.contains("+") || sharedGroup.contains("#")) {
            throw new IllegalArgumentException("bridge.shared_group: '" + sharedGroup + "' must not contain '/', '+' or '#'");
        }
        if (topicFilter.startsWith("$share/")) {
            throw new IllegalArgumentException("bridge.topic_filter: give the plain filter and the group in shared_group, not '" + topicFilter + "'");
        }
    }

    /** The declared defaults (bridge off). */
    public static BridgeConfig defaults() {
        return GatewayConfig.defaults().bridge();
    }

    /** MQTT 5 Session Expiry Interval: {@link #sessionExpiryMs} in whole seconds, rounded up. */
    public long sessionExpirySeconds() {
        return (sessionExpiryMs + 999) / 1000;
    }

    /** A bridge to {@code brokerUrl} with every other setting at its default. */
    public static BridgeConfig of(String brokerUrl, String clientId) {
        BridgeConfig d = defaults();
        return new BridgeConfig(true, brokerUrl, clientId, null, null, d.topicFilter, d.sharedGroup, d.qos, d.cleanStart,
                d.sessionExpiryMs, d.receiveMaximum);
    }

    /** The filter actually subscribed: {@code $share/<group>/<topicFilter>} or the plain filter. */
    public String subscriptionFilter() {
        return sharedGroup.isEmpty() ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
    }

    /** Same settings with another client id (for a second gateway in tests and demos). */
    public BridgeConfig withClientId(String id) {
        return new BridgeConfig(enabled, brokerUrl, id, username, password, topicFilter, sharedGroup, qos, cleanStart, sessionExpiryMs, receiveMaximum);
    }

    @Override
    public String toString() {
        return "BridgeConfig[enabled=" + enabled + ", brokerUrl=" + brokerUrl + ", clientId=" + clientId
                + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", subscription=" + subscriptionFilter() + ", qos=" + qos + ", cleanStart=" + cleanStart
                + ", sessionExpiryMs=" + sessionExpiryMs + ", receiveMaximum=" + receiveMaximum + "]";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
