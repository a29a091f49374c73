package dev.vigil.gateway.modbus;

/**
 * Sees every poll tick of the poller, for metrics and benchmarks. Called on the poller's Vert.x
 * context: must not block.
 */
public interface PollObserver {

    /** No-op observer. */
    PollObserver NONE = new PollObserver() {
        @Override public void onPoll(String deviceId, long latencyNanos, boolean ok) { }
        @Override public void onSkipped(String deviceId) { }
    };

    /**
     * A poll completed.
     *
     * @param latencyNanos from the tick that scheduled it to its completion (queueing on the
     *                     shared connection included)
     * @param ok           true when it produced a reading
     */
    void onPoll(String deviceId, long latencyNanos, boolean ok);

    /** A tick found the device's previous poll still running and did not poll (a missed poll). */
    void onSkipped(String deviceId);
}
