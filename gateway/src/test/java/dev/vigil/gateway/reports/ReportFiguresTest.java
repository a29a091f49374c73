package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.HistoryException;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periods, percentiles, rates and expected intervals, without InfluxDB. */
class ReportFiguresTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Map<String, DeviceProfile> PROFILES = ProfileLoader.loadDirectory(Path.of("..", "device-profiles", "profiles"));

    @Test
    void daysAndMonthsAreCalendarPeriodsOfTheZone() {
        ReportPeriod d = ReportPeriod.daily("2026-03-01", SHANGHAI);
        assertEquals(OffsetDateTime.parse("2026-03-01T00:00:00+08:00").toInstant().toEpochMilli(), d.from());
        assertEquals(d.from() + 86_400_000L, d.to());
        assertEquals(1, d.days().size());
        ReportPeriod feb = ReportPeriod.monthly("2028-02", SHANGHAI);
        assertEquals(29, feb.days().size());
        assertEquals(OffsetDateTime.parse("2028-03-01T00:00:00+08:00").toInstant().toEpochMilli(), feb.to());
        // a period still running counts up to now; one in the future counts nothing
        assertEquals(d.from() + 3_600_000L, d.end(d.from() + 3_600_000L));
        assertEquals(d.to(), d.end(d.to() + 1));
        assertEquals(d.from(), d.end(d.from() - 5));
        HistoryException e = assertThrows(HistoryException.class, () -> ReportPeriod.daily("2026-02-30", SHANGHAI));
        assertEquals("date", e.field());
        assertEquals(400, e.status());
        assertEquals("month", assertThrows(HistoryException.class, () -> ReportPeriod.monthly("2026-00", SHANGHAI)).field());
        assertEquals("date is required: ?date=YYYY-MM-DD (a day in Asia/Shanghai)",
                assertThrows(HistoryException.class, () -> ReportPeriod.daily(" ", SHANGHAI)).getMessage());
    }

    @Test
    void expectedIntervalsPerDayStopAtTheEnd() {
        ReportPeriod d = ReportPeriod.daily("2026-03-01", SHANGHAI);
        assertArrayEquals(new long[] {1440}, Coverage.expected(d, d.to(), 60_000));
        assertArrayEquals(new long[] {24}, Coverage.expected(d, d.to(), 3_600_000));
        // at 10:30 only the ten hours that ended are expected
        assertArrayEquals(new long[] {10}, Coverage.expected(d, d.from() + 10 * 3_600_000L + 1_800_000L, 3_600_000));
        ReportPeriod m = ReportPeriod.monthly("2026-03", SHANGHAI);
        long[] e = Coverage.expected(m, m.from() + 2 * 86_400_000L, 30_000);
        assertEquals(31, e.length);
        assertEquals(2880, e[0]);
        assertEquals(2880, e[1]);
        assertEquals(0, e[2]);
        // a day of 23 hours (DST starts) expects 23 hourly values
        ReportPeriod ny = ReportPeriod.daily("2026-03-08", ZoneId.of("America/New_York"));
        assertArrayEquals(new long[] {23}, Coverage.expected(ny, ny.to(), 3_600_000));
    }

    @Test
    void percentilesInterpolateBetweenRanksAndRatesHaveOneDecimal() {
        assertEquals(150.0, Figures.quantileS(List.of(600_000L, 60_000L, 180_000L, 120_000L), 0.5));
        assertEquals(474.0, Figures.quantileS(List.of(600_000L, 60_000L, 180_000L, 120_000L), 0.9));
        assertEquals(42.5, Figures.quantileS(List.of(42_500L), 0.9));
        assertNull(Figures.quantileS(List.of(), 0.5));
        assertEquals(87.5, Figures.pct(1260, 1440));
        assertEquals(91.7, Figures.pct(22, 24));
        assertEquals(83.3, Figures.pct(20, 24));
        assertNull(Figures.pct(0, 0));
    }

    @Test
    void theExpectedIntervalComesFromTheDeviceThenTheProfileThenTheConfiguration() {
        DeviceProfile elevator = PROFILES.get("elevator");
        DeviceProfile cems = PROFILES.get("emission-cems");
        DeviceProfile vehicle = PROFILES.get("hazmat-vehicle");
        DeviceProfile transformer = PROFILES.get("power-transformer");
        assertEquals(60, Coverage.intervalS(new Device("e", "elevator", "", "", Map.of(), null, null), elevator, 300));
        assertEquals(120, Coverage.intervalS(new Device("e", "elevator", "", "", Map.of("heartbeat_seconds", 120L), null, null), elevator, 300));
        assertEquals(30, Coverage.intervalS(new Device("v", "hazmat-vehicle", "", "", Map.of(), null, null), vehicle, 300));
        assertEquals(60, Coverage.intervalS(new Device("c", "emission-cems", "", "", Map.of(), null, null), cems, 300));
        assertEquals(3600, Coverage.intervalS(new Device("c", "emission-cems", "", "", Map.of("report_interval_s", 3600L), null, null), cems, 300));
        assertEquals(300, Coverage.intervalS(new Device("t", "power-transformer", "", "", Map.of(), null, null), transformer, 900));
        assertTrue(Coverage.hasHourlyFlags(cems));
        assertEquals("data_flag", Coverage.flagField(cems));
        assertFalse(Coverage.hasHourlyFlags(elevator));
        assertFalse(Coverage.hasHourlyFlags(vehicle));
    }
}
