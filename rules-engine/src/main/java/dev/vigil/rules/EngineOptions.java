package dev.vigil.rules;

import java.time.ZoneId;

/**
 * Settings of a {@link RuleEngine}.
 *
 * @param timeZone        zone for schedules and tumbling-window alignment (default Asia/Shanghai)
 * @param maxGapMillis    default longest gap between a device's readings that keeps a pending
 *                        duration (a rule's {@code max_gap} overrides it); a longer gap restarts
 *                        the duration, so no alarm is raised across missing data (default 5 min)
 * @param recentClosed    how many closed alerts the {@link AlertBook} keeps (default 1000)
 */
public record EngineOptions(ZoneId timeZone, long maxGapMillis, int recentClosed) {

    /** The zone used when none is configured. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public EngineOptions {
        if (timeZone == null) timeZone = DEFAULT_ZONE;
        if (maxGapMillis <= 0) throw new IllegalArgumentException("maxGapMillis must be positive, got " + maxGapMillis);
        if (recentClosed < 0) throw new IllegalArgumentException("recentClosed must not be negative");
    }

    /** Asia/Shanghai, 5 minutes, 1000. */
    public static EngineOptions defaults() {
        return new EngineOptions(DEFAULT_ZONE, 5 * 60_000L, 1000);
    }
}
