package dev.vigil.rules.model;

/**
 * The window of a window or rate rule.
 *
 * @param type      sliding (re-evaluated on every reading) or tumbling (evaluated when it closes)
 * @param sizeMillis window length
 * @param aggregate what is computed over the readings in the window
 * @param minCount  fewest readings for a meaningful aggregate; fewer means no evaluation
 */
public record WindowSpec(Type type, long sizeMillis, Aggregate aggregate, int minCount) {

    /** Sliding or tumbling. */
    public enum Type { SLIDING, TUMBLING }

    /** Aggregates over the readings of a window. */
    public enum Aggregate {
        MEAN, MIN, MAX, COUNT,
        /** Newest minus oldest reading in the window. */
        DELTA
    }
}
