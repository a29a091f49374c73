package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.HistoryException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The period of a report: one calendar day or month in the reports' zone (Asia/Shanghai by default),
 * from its first instant (inclusive) to the next day's or month's first instant (exclusive).
 *
 * @param kind  {@code daily} or {@code monthly}
 * @param label the day ({@code 2026-03-01}) or month ({@code 2026-03})
 * @param zone  the zone of the calendar
 * @param from  first instant, epoch ms
 * @param to    end (exclusive), epoch ms
 * @param days  the days of the period, in order
 */
public record ReportPeriod(String kind, String label, ZoneId zone, long from, long to, List<LocalDate> days) {

    /** {@code date=YYYY-MM-DD}; 400 naming {@code date} otherwise. */
    public static ReportPeriod daily(String date, ZoneId zone) {
        if (date == null || date.isBlank()) throw HistoryException.bad("date", "date is required: ?date=YYYY-MM-DD (a day in " + zone + ")");
        LocalDate d;
        try {
            d = LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw HistoryException.bad("date", "date: '" + date + "' is not a day; give YYYY-MM-DD, e.g. 2026-03-01");
        }
        return new ReportPeriod("daily", d.toString(), zone, start(d, zone), start(d.plusDays(1), zone), List.of(d));
    }

    /** {@code month=YYYY-MM}; 400 naming {@code month} otherwise. */
    public static ReportPeriod monthly(String month, ZoneId zone) {
        if (month == null || month.isBlank()) throw HistoryException.bad("month", "month is required: ?month=YYYY-MM (a month in " + zone + ")");
        YearMonth m;
        try {
            m = YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw HistoryException.bad("month", "month: '" + month + "' is not a month; give YYYY-MM, e.g. 2026-03");
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = m.atDay(1); !d.isAfter(m.atEndOfMonth()); d = d.plusDays(1)) days.add(d);
        return new ReportPeriod("monthly", m.toString(), zone, start(m.atDay(1), zone), start(m.plusMonths(1).atDay(1), zone),
                List.copyOf(days));
    }

    /** The first instant of a day in the zone. */
    public static long start(LocalDate d, ZoneId zone) {
        return d.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The end of the period as far as it has passed: {@code min(to, now)} (never before {@code from}). */
    public long end(long now) {
        return Math.max(from, Math.min(to, now));
    }
}
