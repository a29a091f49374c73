package dev.vigil.rules.eval;

import dev.vigil.rules.model.WindowSpec;

/** The readings of a sliding window: a growable ring of (time, value) pairs, oldest first. */
final class WindowBuffer {
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;

    void add(long t, double v) {
        if (size == times.length) grow();
        int i = (head + size) % times.length;
        times[i] = t;
        values[i] = v;
        size++;
    }

    /** Drops readings older than {@code from}. */
    void evictBefore(long from) {
        while (size > 0 && times[head] < from) {
            head = (head + 1) % times.length;
            size--;
        }
    }

    int size() { return size; }

    /** Time of the k-th reading, oldest first. */
    long timeAt(int k) { return times[(head + k) % times.length]; }

    /** Value of the k-th reading, oldest first. */
    double valueAt(int k) { return values[(head + k) % times.length]; }

    /** An independent copy (export and import of a device's state). */
    WindowBuffer copy() {
        WindowBuffer c = new WindowBuffer();
        for (int k = 0; k < size; k++) c.add(timeAt(k), valueAt(k));
        return c;
    }

    long firstTime() { return times[head]; }

    long lastTime() { return times[(head + size - 1) % times.length]; }

    double aggregate(WindowSpec.Aggregate a) {
        switch (a) {
            case COUNT: return size;
            case DELTA: return values[(head + size - 1) % times.length] - values[head];
            default: break;
        }
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            double v = values[(head + k) % times.length];
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return switch (a) {
            case MEAN -> sum / size;
            case MIN -> min;
            default -> max;
        };
    }

    private void grow() {
        long[] t = new long[times.length * 2];
        double[] v = new double[times.length * 2];
        for (int k = 0; k < size; k++) {
            t[k] = times[(head + k) % times.length];
            v[k] = values[(head + k) % times.length];
        }
        times = t;
        values = v;
        head = 0;
    }
}
