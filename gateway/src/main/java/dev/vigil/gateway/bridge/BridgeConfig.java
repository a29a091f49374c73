package dev.vigil.gateway.bridge;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Settings of the broker bridge: which site broker to subscribe to, as whom, and how the
 * subscription is shared between several gateways. Null components take their defaults, so the
 * record binds from a YAML section ({@code bridge:}) where every key is optional.
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
 *                      between the gateways in the group; empty for a plain subscription
 *                      (default "vigil"). Mosquitto keeps dealing a share of the messages to the
 *                      stored session of a gateway that went away, until its session expires
 *                      (other brokers, e.g. EMQX, redispatch), so a gateway retired for good
 *                      should be restarted once with {@code clean_start} and session_expiry 0
 * @param qos           subscription QoS, 0 or 1 (default 1: a message is acknowledged to the
 *                      broker only once stored)
 * @param cleanStart    discard the broker-side session when the gateway starts (default false);
 *                      reconnects after that always resume the session so that unacknowledged
 *                      messages are redelivered
 * @param sessionExpiry seconds the broker keeps the session while the bridge is disconnected
 *                      (default 3600); 0 loses unacknowledged messages on every reconnect
 * @param receiveMaximum QoS 1 messages the broker may have unacknowledged at this gateway at once
 *                      (MQTT 5 Receive Maximum, default 1000): when storage slows down, the broker
 *                      holds the rest back
 */
public record BridgeConfig(
        Boolean enabled,
        @JsonProperty("broker_url") String brokerUrl,
        @JsonProperty("client_id") String clientId,
        String username,
        String password,
        @JsonProperty("topic_filter") String topicFilter,
        @JsonProperty("shared_group") String sharedGroup,
        Integer qos,
        @JsonProperty("clean_start") Boolean cleanStart,
        @JsonProperty("session_expiry") Long sessionExpiry,
        @JsonProperty("receive_maximum") Integer receiveMaximum) {

    /** The default telemetry topic filter. */
    public static final String DEFAULT_TOPIC_FILTER = "devices/+/telemetry";

    public BridgeConfig {
        if (enabled == null) enabled = false;
        if (clientId == null || clientId.isBlank()) clientId = "vigil-bridge-" + hostName();
        if (topicFilter == null || topicFilter.isBlank()) topicFilter = DEFAULT_TOPIC_FILTER;
        if (sharedGroup == null) sharedGroup = "vigil";
        if (qos == null) qos = 1;
        if (cleanStart == null) cleanStart = false;
        if (sessionExpiry == null) sessionExpiry = 3600L;
        if (receiveMaximum == null) receiveMaximum = 1000;
        if (enabled && (brokerUrl == null || brokerUrl.isBlank())) {
            throw new IllegalArgumentException("bridge.broker_url: required when the bridge is enabled, e.g. tcp://127.0.0.1:1883");
        }
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("bridge.qos: " + qos + " is not supported; use 0 or 1");
        }
        if (sessionExpiry < 0 || sessionExpiry > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bridge.session_expiry: " + sessionExpiry + " is outside 0.." + 0xFFFF_FFFFL + " seconds");
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

    /** A bridge to {@code brokerUrl} with every other setting at its default. */
    public static BridgeConfig of(String brokerUrl, String clientId) {
        return new BridgeConfig(true, brokerUrl, clientId, null, null, null, null, null, null, null, null);
    }

    /** The filter actually subscribed: {@code $share/<group>/<topicFilter>} or the plain filter. */
    public String subscriptionFilter() {
        return sharedGroup.isEmpty() ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
    }

    /** Same settings with another client id (for a second gateway in tests and demos). */
    public BridgeConfig withClientId(String id) {
        return new BridgeConfig(enabled, brokerUrl, id, username, password, topicFilter, sharedGroup, qos, cleanStart, sessionExpiry, receiveMaximum);
    }

    @Override
    public String toString() {
        return "BridgeConfig[enabled=" + enabled + ", brokerUrl=" + brokerUrl + ", clientId=" + clientId
                + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", subscription=" + subscriptionFilter() + ", qos=" + qos + ", cleanStart=" + cleanStart
                + ", sessionExpiry=" + sessionExpiry + "s, receiveMaximum=" + receiveMaximum + "]";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
