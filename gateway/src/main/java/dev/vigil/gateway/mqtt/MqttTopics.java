package dev.vigil.gateway.mqtt;

import dev.vigil.profile.Rejection;

/**
 * The topics a device may publish telemetry to: its own {@code devices/{id}/telemetry}, or
 * ThingsBoard's {@code v1/devices/me/telemetry}.
 */
final class MqttTopics {
    static final String THINGSBOARD_TELEMETRY = "v1/devices/me/telemetry";

    private MqttTopics() {}

    /** The own telemetry topic of a device. */
    static String telemetryTopic(String deviceId) {
        return "devices/" + deviceId + "/telemetry";
    }

    /** Checks that {@code deviceId} may publish telemetry to {@code topic}; throws a Rejection if not. */
    static void checkPublish(String deviceId, String topic) {
        if (topic.equals(THINGSBOARD_TELEMETRY)) return;
        if (topic.startsWith("devices/") && topic.endsWith("/telemetry")) {
            String target = topic.substring("devices/".length(), topic.length() - "/telemetry".length());
            if (target.equals(deviceId)) return;
            throw new Rejection(Rejection.Reason.NOT_AUTHORIZED, "device " + deviceId + " may not publish to "
                    + topic + "; its topic is " + telemetryTopic(deviceId));
        }
        throw new Rejection(Rejection.Reason.TOPIC_INVALID, "topic '" + topic + "' is not accepted; publish telemetry to "
                + telemetryTopic(deviceId) + " or " + THINGSBOARD_TELEMETRY);
    }
}
