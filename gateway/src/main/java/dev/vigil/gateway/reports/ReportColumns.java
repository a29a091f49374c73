package dev.vigil.gateway.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * The columns of a report's rows, defined once: the JSON key of each row, the zh/en header of the
 * CSV and the labels {@code vigil report} prints come from here (and are sent as {@code columns}).
 */
final class ReportColumns {
    /** One column: key, Chinese and English label, and how a row's value is read. */
    record Column(String key, String zh, String en, Function<Row, Object> value) {}

    /**
     * One row: what it is about and its figures.
     *
     * @param kind     {@code total}, {@code profile}, {@code region}, {@code enterprise} or {@code device}
     * @param id       the name of the profile, region, enterprise or device ({@code *} for the total)
     * @param device   the device's enterprise, region, profile and interval (device rows only, else null)
     * @param figures  the summed figures
     * @param belowPct the valid-data threshold in percent
     */
    record Row(String kind, String id, DeviceInfo device, Figures figures, double belowPct) {
        Boolean below() {
            Double v = figures.validDataRate();
            return v == null ? null : v < belowPct;
        }
    }

    /** What a device row adds: where the device belongs and its expected interval. */
    record DeviceInfo(String enterprise, String region, String profile, long intervalS) {}

    static final List<Column> ALL = List.of(
            new Column("kind", "类别", "Kind", Row::kind),
            new Column("id", "名称", "Name", Row::id),
            new Column("enterprise", "企业", "Enterprise", r -> r.device() == null ? null : r.device().enterprise()),
            new Column("region", "区域", "Region", r -> r.device() == null ? null : r.device().region()),
            new Column("profile", "设备类型", "Profile", r -> r.device() == null ? null : r.device().profile()),
            new Column("interval_s", "上报周期(s)", "Interval (s)", r -> r.device() == null ? null : r.device().intervalS()),
            new Column("online_intervals", "在线周期数", "Intervals with data", r -> r.figures().onlineIntervals),
            new Column("expected_intervals", "应报周期数", "Expected intervals", r -> r.figures().expectedIntervals),
            new Column("online_rate", "在线率(%)", "Online rate (%)", r -> r.figures().onlineRate()),
            new Column("valid_hours", "有效小时数", "Valid hours", r -> r.figures().cems ? r.figures().validHours : null),
            new Column("data_hours", "有数据小时数", "Hours with data", r -> r.figures().cems ? r.figures().dataHours : null),
            new Column("expected_hours", "应报小时数", "Expected hours", r -> r.figures().cems ? r.figures().expectedHours : null),
            new Column("valid_data_rate", "有效数据率(%)", "Valid-data rate (%)", r -> r.figures().validDataRate()),
            new Column("below_threshold", "低于阈值", "Below threshold", Row::below),
            new Column("alerts", "预警数", "Alerts", r -> r.figures().alerts),
            new Column("alerts_red", "红色", "Red", r -> r.figures().byLevel[0]),
            new Column("alerts_orange", "橙色", "Orange", r -> r.figures().byLevel[1]),
            new Column("alerts_yellow", "黄色", "Yellow", r -> r.figures().byLevel[2]),
            new Column("alerts_blue", "蓝色", "Blue", r -> r.figures().byLevel[3]),
            new Column("overdue_alerts", "超期预警数", "Overdue alerts", r -> r.figures().overdueAlerts),
            new Column("escalations", "督办次数", "Escalations", r -> r.figures().escalations),
            new Column("repeat_alerts", "重复预警数", "Repeat alerts", r -> r.figures().repeats),
            new Column("receive_median_s", "签收时长中位数(s)", "Time to receive, median (s)", r -> Figures.quantileS(r.figures().receiveMs, 0.5)),
            new Column("receive_p90_s", "签收时长P90(s)", "Time to receive, p90 (s)", r -> Figures.quantileS(r.figures().receiveMs, 0.9)),
            new Column("handle_median_s", "处置时长中位数(s)", "Time to handle, median (s)", r -> Figures.quantileS(r.figures().handleMs, 0.5)),
            new Column("handle_p90_s", "处置时长P90(s)", "Time to handle, p90 (s)", r -> Figures.quantileS(r.figures().handleMs, 0.9)),
            new Column("close_median_s", "办结时长中位数(s)", "Time to close, median (s)", r -> Figures.quantileS(r.figures().closeMs, 0.5)),
            new Column("close_p90_s", "办结时长P90(s)", "Time to close, p90 (s)", r -> Figures.quantileS(r.figures().closeMs, 0.9)));

    private ReportColumns() {}

    /** A row as JSON: every column by its key (nulls included, so every row has the same keys). */
    static JsonObject json(Row r) {
        JsonObject o = new JsonObject();
        for (Column c : ALL) o.put(c.key(), c.value().apply(r));
        return o;
    }

    /** The columns as {@code [{"key": ..., "zh": ..., "en": ...}]}. */
    static JsonArray describe() {
        JsonArray a = new JsonArray();
        for (Column c : ALL) a.add(new JsonObject().put("key", c.key()).put("zh", c.zh()).put("en", c.en()));
        return a;
    }
}
