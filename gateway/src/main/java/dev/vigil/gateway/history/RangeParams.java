package dev.vigil.gateway.history;

import io.vertx.core.MultiMap;

import java.util.Set;
import java.util.TreeSet;

/**
 * The common query parameters of the history endpoints: {@code from}, {@code to} (default: the
 * last 24 hours), {@code max_points} and {@code time_format} ({@code iso} or {@code ms}); unknown
 * parameters are refused so a typo does not silently widen a query.
 */
public record RangeParams(long from, long to, int maxPoints, boolean epochOut) {
    static final long DAY_MS = 86_400_000L;

    /** Parses and checks the parameters; {@code accepted} lists every parameter the endpoint takes. */
    public static RangeParams parse(MultiMap q, Set<String> accepted, int defaultMaxPoints, int maxMaxPoints) {
        for (String name : q.names()) {
            if (!accepted.contains(name)) {
                throw HistoryException.bad(name, "unknown query parameter '" + name + "'; accepted: " + new TreeSet<>(accepted));
            }
        }
        long now = System.currentTimeMillis();
        long to = q.get("to") == null ? now : Times.parse("to", q.get("to"));
        long from = q.get("from") == null ? to - DAY_MS : Times.parse("from", q.get("from"));
        if (from > to) throw HistoryException.bad("from", "from (" + q.get("from") + ") is after to (" + q.get("to") + ")");
        int max = integer(q, "max_points", defaultMaxPoints, 10, maxMaxPoints);
        String tf = q.get("time_format");
        boolean epoch;
        if (tf == null || tf.equals("iso")) epoch = false;
        else if (tf.equals("ms")) epoch = true;
        else throw HistoryException.bad("time_format", "time_format: '" + tf + "' is not iso or ms");
        return new RangeParams(from, to, max, epoch);
    }

    /** An integer parameter within [min, max], else 400 naming it. */
    public static int integer(MultiMap q, String name, int fallback, int min, int max) {
        String v = q.get(name);
        if (v == null) return fallback;
        try {
            int i = Integer.parseInt(v.strip());
            if (i >= min && i <= max) return i;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HistoryException.bad(name, name + ": '" + v + "' is not a whole number from " + min + " to " + max);
    }
}
