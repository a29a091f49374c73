package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.InfluxQl;
import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ParameterSpec;
import dev.vigil.profile.hj212.Hj212Mapping;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Online and valid-data coverage per device and day, counted by InfluxDB: an inner query counts the
 * values of the fields that mark a reading ({@link #presenceFields}) in each expected interval
 * ({@code GROUP BY time(<interval>), "device" fill(0)}), an outer one counts the intervals with any
 * value per local day ({@code GROUP BY time(1d), "device" tz(...)}).
 * Only those per-day counts reach the gateway, never readings.
 */
final class Coverage {
    /** Device parameters that set the expected reporting interval in seconds, the first one set wins. */
    static final List<String> INTERVAL_PARAMS = List.of("report_interval_s", "heartbeat_seconds");
    /** Above this many devices, a query reads the whole measurement and the gateway keeps its devices. */
    static final int MAX_DEVICE_CLAUSE = 200;
    private static final long HOUR_MS = 3_600_000L;

    private final InfluxQueryClient influx;
    private final int chunkSize;
    private final int maxFields;

    Coverage(InfluxQueryClient influx, int chunkSize, int maxFields) {
        this.influx = influx;
        this.chunkSize = chunkSize;
        this.maxFields = maxFields;
    }

    /** The expected interval of a device: its registry parameter, else the profile's default, else {@code fallbackS}. */
    static long intervalS(Device d, DeviceProfile p, int fallbackS) {
        for (String name : INTERVAL_PARAMS) {
            if (d.params().get(name) instanceof Number n && n.longValue() > 0) return n.longValue();
        }
        Map<String, ParameterSpec> specs = ParameterSpec.of(p);
        for (String name : INTERVAL_PARAMS) {
            ParameterSpec s = specs.get(name);
            if (s != null && s.defaultValue() instanceof Number n && n.longValue() > 0) return n.longValue();
        }
        return fallbackS;
    }

    /** True when the profile stores HJ 212 hourly data with a data flag: its devices get a valid-data rate. */
    static boolean hasHourlyFlags(DeviceProfile p) {
        Hj212Mapping m = Hj212Mapping.of(p);
        return m != null && m.readingFlag() != null && m.periodField() != null && p.field(m.readingFlag()) != null;
    }

    /** The reading-flag field of a CEMS profile ({@code data_flag}). */
    static String flagField(DeviceProfile p) {
        return Hj212Mapping.of(p).readingFlag();
    }

    /**
     * Intervals with data per device and day of the period (up to {@code end}); devices of one profile.
     *
     * @return device id → count per day (index into {@code period.days()})
     */
    Map<String, long[]> online(List<Device> devices, DeviceProfile p, Map<String, Long> intervals, ReportPeriod period, long end) {
        Map<String, long[]> out = new HashMap<>();
        if (devices.isEmpty() || end <= period.from()) return out;
        // one counting query per expected interval and set of fields (usually one or two per profile)
        Map<String, List<String>> presence = presenceFields(p.name(), devices, period.from(), end);
        Map<String, List<Device>> groups = new TreeMap<>();
        Map<String, List<String>> groupFields = new HashMap<>();
        for (Device d : devices) {
            List<String> fields = presence.get(d.id());
            if (fields == null) continue; // no value in the period: 0
            String key = intervals.get(d.id()) + "/" + String.join(",", fields);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
            groupFields.put(key, fields);
        }
        for (Map.Entry<String, List<Device>> e : groups.entrySet()) {
            StringBuilder sum = new StringBuilder();
            for (String f : groupFields.get(e.getKey())) {
                if (sum.length() > 0) sum.append(" + ");
                sum.append("count(").append(InfluxQl.ident(f)).append(')');
            }
            long ms = intervals.get(e.getValue().get(0).id()) * 1000;
            String inner = "SELECT " + sum + " AS n FROM " + InfluxQl.ident(p.name()) + " WHERE " + range(period.from(), end)
                    + devicesClause(e.getValue()) + " GROUP BY time(" + ms + "ms, " + Math.floorMod(period.from(), ms) + "ms), \"device\" "
                    // one field: no rows for empty intervals (cheaper); several: fill(0), else a field missing from a
                    // non-empty interval makes the sum null
                    + (groupFields.get(e.getKey()).size() == 1 ? "fill(none)" : "fill(0)");
            perDay(inner, period, end, ids(e.getValue()), out);
        }
        return out;
    }

    /**
     * Hours with an hourly value per device and day: flagged N ({@code validOnly}) or any flag. The
     * hourly values are the HJ 212 hour data ({@code <profile>_hour}), stamped with the start of their hour.
     */
    Map<String, long[]> hours(List<Device> devices, DeviceProfile p, ReportPeriod period, long end, boolean validOnly) {
        Map<String, long[]> out = new HashMap<>();
        if (devices.isEmpty() || end <= period.from()) return out;
        String flag = InfluxQl.ident(flagField(p));
        String inner = "SELECT count(" + flag + ") AS n FROM " + InfluxQl.ident(p.name() + "_hour") + " WHERE " + range(period.from(), end)
                + (validOnly ? " AND " + flag + " = 'N'" : "") + devicesClause(devices)
                + " GROUP BY time(1h, " + Math.floorMod(period.from(), HOUR_MS) + "ms), \"device\" fill(none)";
        perDay(inner, period, end, ids(devices), out);
        return out;
    }

    /** Expected intervals of {@code intervalMs} per day of the period that ended by {@code end}. */
    static long[] expected(ReportPeriod period, long end, long intervalMs) {
        List<LocalDate> days = period.days();
        long[] out = new long[days.size()];
        for (int i = 0; i < days.size(); i++) {
            long s = ReportPeriod.start(days.get(i), period.zone());
            long e = Math.min(end, ReportPeriod.start(days.get(i).plusDays(1), period.zone()));
            out[i] = e <= s ? 0 : (e - s) / intervalMs;
        }
        return out;
    }

    private void perDay(String inner, ReportPeriod period, long end, Set<String> keep, Map<String, long[]> out) {
        String q = "SELECT count(n) FROM (" + inner + ") WHERE n > 0 AND " + range(period.from(), end)
                + " GROUP BY time(1d), \"device\" tz(" + InfluxQl.string(period.zone().getId()) + ")";
        Map<LocalDate, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < period.days().size(); i++) index.put(period.days().get(i), i);
        influx.query(q, chunkSize, (m, tags, cols, v) -> {
            String id = tags.get("device");
            if (id == null || !keep.contains(id) || v[1] == null) return;
            LocalDate day = Instant.ofEpochMilli(((Number) v[0]).longValue()).atZone(period.zone()).toLocalDate();
            Integer i = index.get(day);
            if (i == null) return;
            out.computeIfAbsent(id, k -> new long[period.days().size()])[i] += ((Number) v[1]).longValue();
        });
    }

    /**
     * The fields whose values mark a reading of each device: those with at least half as many values
     * in the period as the device's most frequent field, at most {@code maxFields}, most frequent first.
     * Counting each field costs InfluxDB about one more pass, so a field sent now and then (an alarm
     * bit) is left out; readings that carry the whole state are counted exactly with one field.
     * One cheap query ({@code count(*) ... GROUP BY "device"}); devices without values are absent.
     */
    private Map<String, List<String>> presenceFields(String measurement, List<Device> devices, long from, long end) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        influx.query("SELECT count(*) FROM " + InfluxQl.ident(measurement) + " WHERE " + range(from, end) + devicesClause(devices)
                + " GROUP BY \"device\"", chunkSize, (m, tags, cols, v) -> {
                Map<String, Long> c = counts.computeIfAbsent(tags.getOrDefault("device", ""), k -> new LinkedHashMap<>());
                for (int i = 1; i < cols.size(); i++) {
                    if (cols.get(i).startsWith("count_") && v[i] instanceof Number n && n.longValue() > 0) {
                        c.merge(cols.get(i).substring("count_".length()), n.longValue(), Long::sum);
                    }
                }
            });
        Map<String, List<String>> out = new HashMap<>();
        counts.forEach((device, c) -> {
            long top = c.values().stream().mapToLong(Long::longValue).max().orElse(0);
            List<String> fields = c.entrySet().stream().filter(e -> e.getValue() * 2 >= top)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(maxFields).map(Map.Entry::getKey).sorted().toList();
            if (!fields.isEmpty()) out.put(device, fields);
        });
        return out;
    }

    private static String range(long from, long end) {
        return "time >= " + InfluxQl.ms(from) + " AND time < " + InfluxQl.ms(end);
    }

    private static String devicesClause(List<Device> devices) {
        if (devices.size() > MAX_DEVICE_CLAUSE) return "";
        StringBuilder sb = new StringBuilder(" AND (");
        for (int i = 0; i < devices.size(); i++) {
            if (i > 0) sb.append(" OR ");
            sb.append(InfluxQl.ident("device")).append(" = ").append(InfluxQl.string(devices.get(i).id()));
        }
        return sb.append(')').toString();
    }

    private static Set<String> ids(List<Device> devices) {
        return Set.copyOf(devices.stream().map(Device::id).toList());
    }
}
