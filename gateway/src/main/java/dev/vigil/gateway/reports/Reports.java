package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.history.Times;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Builds a supervision report for one period and one caller: online rate per device (and summed
 * per profile, region, enterprise and in total), valid-data rate of the CEMS, and the disposal
 * figures of the alerts raised in the period. Only the caller's devices and alerts count. Blocking
 * (InfluxDB queries): run it on a worker.
 */
public final class Reports {
    private final Supplier<DeviceRegistry> registry;
    private final InfluxQueryClient influx;
    private final ReportsConfig config;
    private final int chunkSize;
    private final LongSupplier clock;

    /**
     * @param clock epoch ms now: a period is counted only as far as it has passed
     */
    public Reports(Supplier<DeviceRegistry> registry, InfluxQueryClient influx, ReportsConfig config, int chunkSize, LongSupplier clock) {
        this.registry = registry;
        this.influx = influx;
        this.config = config;
        this.chunkSize = chunkSize;
        this.clock = clock;
    }

    /** The computed report, ready for JSON or CSV. */
    public record Report(ReportPeriod period, long end, double thresholdPct, List<ReportColumns.Row> rows, List<Disposal.Case> cases,
                         List<JsonObject> trend) {}

    /** Computes the report of {@code period} as {@code scope} may see it. */
    public Report build(ReportPeriod period, Scope scope) {
        return build(period, scope, null);
    }

    /** Computes the report of {@code period} as {@code scope} may see it, of one profile's devices (null: all). */
    public Report build(ReportPeriod period, Scope scope, String profile) {
        long end = period.end(clock.getAsLong());
        DeviceRegistry reg = registry.get();
        Coverage coverage = new Coverage(influx, chunkSize, config.onlineMaxFields());
        Map<String, List<Device>> byProfile = new TreeMap<>();
        for (Device d : reg.devices()) {
            if (profile != null && !profile.equals(d.profile())) continue;
            if (scope.allows(d) && reg.profileOf(d) != null) byProfile.computeIfAbsent(d.profile(), k -> new ArrayList<>()).add(d);
        }
        int days = period.days().size();
        Map<String, Figures> deviceFigures = new TreeMap<>();
        Map<String, ReportColumns.DeviceInfo> infos = new HashMap<>();
        long[] trendOnline = new long[days];
        long[] trendExpected = new long[days];
        long[] trendValid = new long[days];
        long[] trendHours = new long[days];
        int[] trendAlerts = new int[days];
        for (Map.Entry<String, List<Device>> e : byProfile.entrySet()) {
            DeviceProfile p = reg.profile(e.getKey());
            List<Device> devices = e.getValue();
            devices.sort(Comparator.comparing(Device::id));
            Map<String, Long> intervals = new HashMap<>();
            for (Device d : devices) intervals.put(d.id(), Coverage.intervalS(d, p, config.defaultIntervalS()));
            Map<String, long[]> online = coverage.online(devices, p, intervals, period, end);
            boolean cems = Coverage.hasHourlyFlags(p);
            Map<String, long[]> valid = cems ? coverage.hours(devices, p, period, end, true) : Map.of();
            Map<String, long[]> data = cems ? coverage.hours(devices, p, period, end, false) : Map.of();
            long[] expectedHours = cems ? Coverage.expected(period, end, 3_600_000L) : new long[days];
            for (Device d : devices) {
                Figures f = new Figures();
                long[] exp = Coverage.expected(period, end, intervals.get(d.id()) * 1000);
                long[] on = online.getOrDefault(d.id(), new long[days]);
                long[] va = valid.getOrDefault(d.id(), new long[days]);
                long[] da = data.getOrDefault(d.id(), new long[days]);
                for (int i = 0; i < days; i++) {
                    long o = Math.min(on[i], exp[i]);
                    f.onlineIntervals += o;
                    f.expectedIntervals += exp[i];
                    trendOnline[i] += o;
                    trendExpected[i] += exp[i];
                    if (cems) {
                        f.validHours += Math.min(va[i], expectedHours[i]);
                        f.dataHours += Math.min(da[i], expectedHours[i]);
                        f.expectedHours += expectedHours[i];
                        trendValid[i] += Math.min(va[i], expectedHours[i]);
                        trendHours[i] += expectedHours[i];
                    }
                }
                f.cems = cems;
                deviceFigures.put(d.id(), f);
                infos.put(d.id(), new ReportColumns.DeviceInfo(d.enterprise(), d.region(), d.profile(), intervals.get(d.id())));
            }
        }
        List<Disposal.Case> cases = Disposal.read(influx, scope, period.from(), period.to(), clock.getAsLong(), chunkSize);
        if (profile != null) cases = cases.stream().filter(c -> profile.equals(c.profile())).toList();
        Map<String, Figures> alertsOfGone = new TreeMap<>();
        for (Disposal.Case c : cases) {
            Figures f = deviceFigures.get(c.device());
            if (f == null) f = alertsOfGone.computeIfAbsent(c.device(), k -> new Figures()); // a device no longer registered
            f.alert(c);
            int day = period.days().indexOf(java.time.Instant.ofEpochMilli(c.raisedAt()).atZone(period.zone()).toLocalDate());
            if (day >= 0) trendAlerts[day]++;
        }
        double threshold = config.validDataThresholdPct();
        List<ReportColumns.Row> rows = new ArrayList<>();
        Figures total = new Figures();
        Map<String, Figures> profiles = new TreeMap<>();
        Map<String, Figures> regions = new TreeMap<>();
        Map<String, Figures> enterprises = new TreeMap<>();
        List<ReportColumns.Row> deviceRows = new ArrayList<>();
        for (Map.Entry<String, Figures> e : deviceFigures.entrySet()) {
            ReportColumns.DeviceInfo info = infos.get(e.getKey());
            Figures f = e.getValue();
            total.add(f);
            profiles.computeIfAbsent(info.profile(), k -> new Figures()).add(f);
            regions.computeIfAbsent(info.region(), k -> new Figures()).add(f);
            enterprises.computeIfAbsent(info.enterprise(), k -> new Figures()).add(f);
            deviceRows.add(new ReportColumns.Row("device", e.getKey(), info, f, threshold));
        }
        for (Disposal.Case c : cases) {
            if (deviceFigures.containsKey(c.device())) continue;
            Figures one = new Figures();
            one.alert(c);
            total.add(one);
            profiles.computeIfAbsent(c.profile(), k -> new Figures()).add(one);
            regions.computeIfAbsent(c.region(), k -> new Figures()).add(one);
            enterprises.computeIfAbsent(c.enterprise(), k -> new Figures()).add(one);
        }
        rows.add(new ReportColumns.Row("total", "*", null, total, threshold));
        profiles.forEach((k, f) -> rows.add(new ReportColumns.Row("profile", k, null, f, threshold)));
        regions.forEach((k, f) -> rows.add(new ReportColumns.Row("region", k, null, f, threshold)));
        enterprises.forEach((k, f) -> rows.add(new ReportColumns.Row("enterprise", k, null, f, threshold)));
        rows.addAll(deviceRows);
        List<JsonObject> trend = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            trend.add(new JsonObject().put("date", period.days().get(i).toString())
                    .put("online_rate", Figures.pct(trendOnline[i], trendExpected[i]))
                    .put("valid_data_rate", Figures.pct(trendValid[i], trendHours[i]))
                    .put("alerts", trendAlerts[i]));
        }
        return new Report(period, end, threshold, rows, cases, trend);
    }

    /** The report as JSON: period, columns, rows, the CEMS below the threshold, disposal breakdowns and the daily trend. */
    public static JsonObject json(Report r, Times times) {
        JsonObject period = new JsonObject().put("kind", r.period().kind()).put(r.period().kind().equals("daily") ? "date" : "month",
                r.period().label()).put("zone", r.period().zone().getId()).put("from", times.out(r.period().from()))
                .put("to", times.out(r.period().to())).put("counted_until", times.out(r.end()));
        JsonArray rows = new JsonArray();
        JsonArray below = new JsonArray();
        for (ReportColumns.Row row : r.rows()) {
            rows.add(ReportColumns.json(row));
            if (row.kind().equals("device") && Boolean.TRUE.equals(row.below())) {
                below.add(new JsonObject().put("device", row.id()).put("enterprise", row.device().enterprise())
                        .put("region", row.device().region()).put("valid_data_rate", row.figures().validDataRate())
                        .put("valid_hours", row.figures().validHours).put("expected_hours", row.figures().expectedHours));
            }
        }
        return new JsonObject().put("period", period).put("valid_data_threshold_pct", r.thresholdPct())
                .put("columns", ReportColumns.describe()).put("rows", rows).put("valid_data_below", below)
                .put("disposal", disposal(r.cases(), r.rows().get(0).figures())).put("trend", new JsonArray(r.trend()));
    }

    private static JsonObject disposal(List<Disposal.Case> cases, Figures total) {
        JsonObject byLevel = new JsonObject();
        for (String l : Figures.LEVELS) byLevel.put(l, total.byLevel[Figures.LEVELS.indexOf(l)]);
        Map<String, Integer> steps = new TreeMap<>();
        Map<String, int[]> repeats = new TreeMap<>();
        for (Disposal.Case c : cases) {
            c.overdueSteps().forEach((s, n) -> steps.merge(s, n, Integer::sum));
            int[] a = repeats.computeIfAbsent(c.device(), k -> new int[2]);
            a[0]++;
            if (c.repeat()) a[1]++;
        }
        JsonArray repeatDevices = new JsonArray();
        repeats.entrySet().stream().filter(e -> e.getValue()[1] > 0)
                .sorted(Comparator.comparingInt((Map.Entry<String, int[]> e) -> -e.getValue()[1]).thenComparing(Map.Entry::getKey))
                .forEach(e -> repeatDevices.add(new JsonObject().put("device", e.getKey()).put("alerts", e.getValue()[0])
                        .put("repeat_alerts", e.getValue()[1])));
        return new JsonObject().put("alerts", total.alerts).put("by_level", byLevel)
                .put("by_profile", count(cases, Disposal.Case::profile)).put("by_region", count(cases, Disposal.Case::region))
                .put("by_enterprise", count(cases, Disposal.Case::enterprise))
                .put("time_to_receive", times(total.receiveMs)).put("time_to_handle", times(total.handleMs))
                .put("time_to_close", times(total.closeMs))
                .put("overdue_alerts", total.overdueAlerts).put("escalations", total.escalations)
                .put("escalations_by_step", new JsonObject(new LinkedHashMap<>(steps)))
                .put("max_escalation", cases.stream().mapToInt(Disposal.Case::maxEscalation).max().orElse(0))
                .put("repeat_alerts", total.repeats).put("repeat_devices", repeatDevices);
    }

    private static JsonObject count(List<Disposal.Case> cases, Function<Disposal.Case, String> key) {
        Map<String, Integer> m = new TreeMap<>();
        for (Disposal.Case c : cases) m.merge(key.apply(c), 1, Integer::sum);
        return new JsonObject(new LinkedHashMap<>(m));
    }

    private static JsonObject times(List<Long> ms) {
        return new JsonObject().put("count", ms.size()).put("median_s", Figures.quantileS(ms, 0.5)).put("p90_s", Figures.quantileS(ms, 0.9));
    }
}
