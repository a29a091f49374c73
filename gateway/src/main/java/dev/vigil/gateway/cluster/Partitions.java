package dev.vigil.gateway.cluster;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition of a device: Kafka's own choice for a keyed record (murmur2 of the key), computed
 * here so that the telemetry and the state topic (same partition count) put a device in the same
 * partition number, and the Modbus poller can tell which devices this gateway owns.
 */
public final class Partitions {
    private Partitions() {
    }

    /** The partition of {@code deviceId} among {@code n}. */
    public static int of(String deviceId, int n) {
        return Utils.toPositive(Utils.murmur2(deviceId.getBytes(StandardCharsets.UTF_8))) % n;
    }
}
