package dev.vigil.rules.eval;

import dev.vigil.rules.model.WindowSpec;

/**
 * The open period of a tumbling window: running aggregates of the readings in [start, end), and
 * how many readings the rule's {@code where} kept out (e.g. CEMS data not flagged N).
 */
final class Bucket {
    long start;
    long end;
    int count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double first;
    double last;
    int excluded;
    /** Readings counted and kept out in the last period closed, for the evidence. */
    int closedCount;
    int closedExcluded;

    /** An independent copy (export and import of a device's state). */
    Bucket copy() {
        Bucket c = new Bucket();
        c.start = start;
        c.end = end;
        c.count = count;
        c.sum = sum;
        c.min = min;
        c.max = max;
        c.first = first;
        c.last = last;
        c.excluded = excluded;
        c.closedCount = closedCount;
        c.closedExcluded = closedExcluded;
        return c;
    }

    void reset(long start, long end) {
        this.start = start;
        this.end = end;
        count = 0;
        excluded = 0;
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
    }

    void add(double v) {
        if (count == 0) first = v;
        last = v;
        count++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
    }

    double aggregate(WindowSpec.Aggregate a) {
        return switch (a) {
            case MEAN -> sum / count;
            case MIN -> min;
            case MAX -> max;
            case COUNT -> count;
            case DELTA -> last - first;
        };
    }
}
