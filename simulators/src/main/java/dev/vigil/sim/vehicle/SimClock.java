package dev.vigil.sim.vehicle;

/**
 * The simulation's clock: starts {@code backMillis} before the wall clock and runs
 * {@code scale} times faster until it has caught up, then keeps wall time. Readings are stamped
 * with it, so a time-accelerated run (hours of driving in minutes) never sends future timestamps.
 */
final class SimClock {
    private final long wallStart;
    private final long simStart;
    private final double scale;

    SimClock(long wallNow, long backMillis, double scale) {
        if (scale < 1) throw new IllegalArgumentException("time scale must be >= 1, got " + scale);
        this.wallStart = wallNow;
        this.simStart = wallNow - backMillis;
        this.scale = scale;
    }

    /** Simulated epoch milliseconds at the given wall time. */
    long simNow(long wallNow) {
        long accelerated = simStart + (long) ((wallNow - wallStart) * scale);
        return Math.min(wallNow, accelerated);
    }
}
