package dev.vigil.gateway.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of one row of a report (a device, an enterprise, a region, a profile or the total),
 * summed from the devices and alerts that belong to it: counts only, rates and percentiles are
 * derived when the row is written.
 */
final class Figures {
    /** Levels in the order of the {@code alerts_<level>} columns. */
    static final List<String> LEVELS = List.of("red", "orange", "yellow", "blue");

    long onlineIntervals;
    long expectedIntervals;
    /** Hours with an hourly value flagged N, hours with any hourly value, expected hours (CEMS only). */
    long validHours;
    long dataHours;
    long expectedHours;
    boolean cems;
    int alerts;
    final int[] byLevel = new int[LEVELS.size()];
    int overdueAlerts;
    int escalations;
    int repeats;
    final List<Long> receiveMs = new ArrayList<>();
    final List<Long> handleMs = new ArrayList<>();
    final List<Long> closeMs = new ArrayList<>();

    void add(Figures o) {
        onlineIntervals += o.onlineIntervals;
        expectedIntervals += o.expectedIntervals;
        validHours += o.validHours;
        dataHours += o.dataHours;
        expectedHours += o.expectedHours;
        cems |= o.cems;
        alerts += o.alerts;
        for (int i = 0; i < byLevel.length; i++) byLevel[i] += o.byLevel[i];
        overdueAlerts += o.overdueAlerts;
        escalations += o.escalations;
        repeats += o.repeats;
        receiveMs.addAll(o.receiveMs);
        handleMs.addAll(o.handleMs);
        closeMs.addAll(o.closeMs);
    }

    void alert(Disposal.Case c) {
        alerts++;
        int l = LEVELS.indexOf(c.level());
        if (l >= 0) byLevel[l]++;
        if (c.overdueEvents() > 0) overdueAlerts++;
        escalations += c.overdueEvents();
        if (c.repeat()) repeats++;
        if (c.receivedAt() != null) receiveMs.add(c.receivedAt() - c.raisedAt());
        if (c.handledAt() != null) handleMs.add(c.handledAt() - c.raisedAt());
        if (c.closedAt() != null) closeMs.add(c.closedAt() - c.raisedAt());
    }

    /** Online rate in percent with one decimal, or null without expected intervals. */
    Double onlineRate() {
        return pct(onlineIntervals, expectedIntervals);
    }

    /** Valid-data rate in percent with one decimal, or null for non-CEMS rows or without expected hours. */
    Double validDataRate() {
        return cems ? pct(validHours, expectedHours) : null;
    }

    static Double pct(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }

    /**
     * The p-quantile (0..1) in seconds with one decimal, interpolated linearly between the closest
     * ranks (as spreadsheets' PERCENTILE.INC: the median of 4 values is the mean of the middle two);
     * null for no values.
     */
    static Double quantileS(List<Long> valuesMs, double p) {
        if (valuesMs.isEmpty()) return null;
        long[] v = valuesMs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        double rank = p * (v.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, v.length - 1);
        double ms = v[lo] + (rank - lo) * (v[hi] - v[lo]);
        return Math.round(ms / 100.0) / 10.0;
    }
}
