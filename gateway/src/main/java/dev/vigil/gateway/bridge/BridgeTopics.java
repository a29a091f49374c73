package dev.vigil.gateway.bridge;

/**
 * Reads the device id out of a telemetry topic of a site broker: {@code devices/{id}/telemetry},
 * optionally under a prefix such as {@code v1/} or {@code site-7/}.
 */
public final class BridgeTopics {

    private BridgeTopics() {}

    /**
     * The device id of a telemetry topic, or null when the topic is not of the form
     * {@code [prefix/]devices/{id}/telemetry}. ThingsBoard's {@code v1/devices/me/telemetry} names
     * no device (the broker would have to know the token) and yields null.
     */
    public static String deviceId(String topic) {
        if (topic == null || !topic.endsWith("/telemetry")) return null;
        String head = topic.substring(0, topic.length() - "/telemetry".length());
        int slash = head.lastIndexOf('/');
        if (slash < 0) return null;
        String id = head.substring(slash + 1);
        String before = head.substring(0, slash);
        if (!(before.equals("devices") || before.endsWith("/devices"))) return null;
        if (id.isEmpty() || id.equals("me")) return null;
        return id;
    }
}
