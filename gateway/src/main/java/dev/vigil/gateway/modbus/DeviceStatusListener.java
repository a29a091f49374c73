package dev.vigil.gateway.modbus;

/**
 * Told when a polled device goes offline (after the configured number of failed polls) and when it
 * answers again; the gateway wires the offline rule to it. Called on the poller's Vert.x context:
 * implementations must not block.
 */
public interface DeviceStatusListener {

    /** No-op listener. */
    DeviceStatusListener NONE = new DeviceStatusListener() {
        @Override public void onOffline(String deviceId, long time, String reason) { }
        @Override public void onOnline(String deviceId, long time) { }
    };

    /**
     * @param time   epoch ms of the poll that crossed the threshold
     * @param reason the last failure, e.g. "timeout after 1000 ms" or "connection refused"
     */
    void onOffline(String deviceId, long time, String reason);

    /** @param time epoch ms of the first good poll after being offline */
    void onOnline(String deviceId, long time);
}
