package dev.vigil.rules.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * When a rule is active: a daily time window (which may cross midnight, e.g. 22:00–06:00) on some
 * days, in a time zone. Outside it the rule's condition counts as not holding.
 *
 * @param from  start of the window, inclusive
 * @param to    end of the window, exclusive; before {@code from} means the window crosses midnight
 * @param days  days on which the window starts (all days when empty)
 * @param zone  time zone, or null for the engine's zone (Asia/Shanghai by default)
 */
public record Schedule(LocalTime from, LocalTime to, Set<DayOfWeek> days, ZoneId zone) {

    public Schedule {
        days = days == null ? Set.of() : Set.copyOf(days);
    }

    /** True when the instant falls in the window. */
    public boolean active(long epochMillis, ZoneId defaultZone) {
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone == null ? defaultZone : zone);
        LocalTime t = local.toLocalTime();
        DayOfWeek startDay = local.getDayOfWeek();
        boolean in;
        if (!from.isAfter(to)) {
            in = !t.isBefore(from) && t.isBefore(to);
        } else if (!t.isBefore(from)) {
            in = true;
        } else {
            in = t.isBefore(to);
            startDay = startDay.minus(1);
        }
        return in && (days.isEmpty() || days.contains(startDay));
    }
}
