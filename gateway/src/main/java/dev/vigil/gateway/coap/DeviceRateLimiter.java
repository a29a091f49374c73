package dev.vigil.gateway.coap;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A per-device token bucket for single readings. Backfill arrays never pass through it: a device
 * that comes back from a coverage gap must be able to upload what it buffered, whatever its rate
 * (ThingsBoard's per-device limits drop exactly these batches).
 *
 * <p>Not thread-safe: the endpoint uses it on its Vert.x context only.
 */
final class DeviceRateLimiter {
    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final Map<String, double[]> buckets = new HashMap<>();

    /**
     * @param perSecond readings per second refilled; 0 disables the limit
     * @param burst     bucket size
     * @param nanoClock monotonic clock in nanoseconds
     */
    DeviceRateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /**
     * Takes one token for the device.
     *
     * @return 0 when the reading may pass, otherwise the whole seconds until a token is available
     */
    long tryAcquire(String deviceId) {
        if (!enabled()) return 0;
        long now = nanoClock.getAsLong();
        double[] b = buckets.computeIfAbsent(deviceId, k -> new double[]{burst, now});
        b[0] = Math.min(burst, b[0] + (now - (long) b[1]) / 1e9 * perSecond);
        b[1] = now;
        if (b[0] >= 1) {
            b[0] -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b[0]) / perSecond));
    }
}
