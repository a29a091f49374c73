package dev.vigil.sim.modbus;

import java.util.Random;

/**
 * A simulated measurement: a base value with Gaussian noise, optionally a linear ramp from the base
 * to a target over a given time, optionally frozen at its first value.
 */
final class Signal {
    private final double base;
    private final double sigma;
    private final double min;
    private final double max;
    private double rampTo = Double.NaN;
    private long rampMillis;
    private boolean stuck;
    private Double frozen;

    Signal(double base, double sigma, double min, double max) {
        this.base = base;
        this.sigma = sigma;
        this.min = min;
        this.max = max;
    }

    /** Ramp linearly from the base to {@code target} over {@code millis}, then hold there (with noise). */
    Signal ramp(double target, long millis) {
        this.rampTo = target;
        this.rampMillis = Math.max(1, millis);
        return this;
    }

    /** Repeat the first value forever. */
    Signal stuck() {
        this.stuck = true;
        return this;
    }

    double value(long elapsedMillis, Random random) {
        if (frozen != null) return frozen;
        double mean = base;
        if (!Double.isNaN(rampTo)) mean = base + (rampTo - base) * Math.min(1.0, (double) elapsedMillis / rampMillis);
        double v = Math.max(min, Math.min(max, mean + random.nextGaussian() * sigma));
        v = Math.round(v * 100) / 100.0;
        if (stuck) frozen = v;
        return v;
    }
}
