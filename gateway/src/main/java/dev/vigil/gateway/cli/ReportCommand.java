package dev.vigil.gateway.cli;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vigil report daily --date D} and {@code vigil report monthly --month M}: fetches the
 * supervision report from the running gateway's API ({@code /api/v1/reports/...}) with an API
 * token and prints it as readable tables with zh/en labels (or passes the JSON or CSV through).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Supervision reports (监管报表) from the running gateway:",
                "online rate (在线率), CEMS valid-data rate (有效数据率) and",
                "disposal figures (处置情况), in the caller's scope (regions or",
                "enterprise). Needs an API token: --token or $VIGIL_TOKEN",
                "(create one with `vigil user token NAME`).",
                "",
                "Examples:",
                "  vigil report daily --date 2026-03-01 --token TOKEN",
                "  vigil report monthly --month 2026-03 --devices",
                "  vigil report daily --date 2026-03-01 --format csv > r.csv",
                "",
                "Figures and their definitions: README \"Supervision reports\"."},
        subcommands = {ReportCommand.Daily.class, ReportCommand.Monthly.class})
public final class ReportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the gateway is, who asks and how to print: the options of both subcommands (a picocli mixin). */
    static final class Connection {
        @Option(names = "--url", paramLabel = "URL", description = {"the gateway's HTTP API (default: $VIGIL_URL, else",
                "http://127.0.0.1:<http.port of the configuration>)"})
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", description = {"API token (default: $VIGIL_TOKEN); create one with",
                "`vigil user token NAME`"})
        String token;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "config/vigil.yaml",
                description = "configuration file, for the default URL (default: ${DEFAULT-VALUE})")
        Path config;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table (default), json or csv (UTF-8 with BOM, as the API sends it)")
        String format;

        @Option(names = "--devices", description = "also list every device (the table shows totals, profiles, regions and enterprises)")
        boolean devices;

        @Option(names = "--enterprise", paramLabel = "NAME", description = "only this enterprise (within your scope)")
        String enterprise;

        @Option(names = "--region", paramLabel = "NAME", description = "only this region (within your scope)")
        String region;

        @Option(names = "--profile", paramLabel = "NAME", description = "only devices of this profile (e.g. emission-cems)")
        String profile;
    }

    @Command(name = "daily", mixinStandardHelpOptions = true,
            description = {"The report of one day (监管日报), days in the gateway's time zone (alerts.time_zone, default Asia/Shanghai).",
                    "Example: vigil report daily --date 2026-03-01 --token $VIGIL_TOKEN"})
    static final class Daily implements Callable<Integer> {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day")
        String date;

        @CommandLine.Mixin
        Connection conn;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return fetch(spec, conn, "daily", "date", date);
        }
    }

    @Command(name = "monthly", mixinStandardHelpOptions = true,
            description = {"The report of one month (监管月报) with a trend per day.",
                    "Example: vigil report monthly --month 2026-03 --token $VIGIL_TOKEN"})
    static final class Monthly implements Callable<Integer> {
        @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the month")
        String month;

        @CommandLine.Mixin
        Connection conn;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return fetch(spec, conn, "monthly", "month", month);
        }
    }

    static int fetch(CommandLine.Model.CommandSpec spec, Connection c, String kind, String param, String value) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String format = c.format.strip();
        if (!format.equals("table") && !format.equals("json") && !format.equals("csv")) {
            err.println("error: --format " + format + ": give table, json or csv");
            return 2;
        }
        String token = c.token != null ? c.token : System.getenv("VIGIL_TOKEN");
        if (token == null || token.isBlank()) {
            err.println("error: no API token: give --token TOKEN or set VIGIL_TOKEN (create one with `vigil user token NAME`)");
            return 2;
        }
        String base;
        try {
            base = baseUrl(c);
        } catch (ConfigLoader.ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        String url = base + "/api/v1/reports/" + kind + "?" + param + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)
                + (format.equals("csv") ? "&format=csv" : "") + filter("enterprise", c.enterprise) + filter("region", c.region)
                + filter("profile", c.profile);
        HttpResponse<byte[]> r;
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token.strip())
                    .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: cannot reach the gateway at " + base + " (" + e + "); is it running? (--url, $VIGIL_URL)");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() != 200) {
            String msg = body;
            try {
                msg = new JsonObject(body).getString("error", body);
            } catch (DecodeException e) {
                // not JSON: print as it came
            }
            err.println("error: HTTP " + r.statusCode() + ": " + msg);
            return r.statusCode() == 400 ? 2 : 1;
        }
        if (!format.equals("table")) {
            out.print(body);
            out.flush();
            return 0;
        }
        print(new JsonObject(body), c.devices, out);
        return 0;
    }

    private static String filter(String name, String value) {
        return value == null || value.isBlank() ? "" : "&" + name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8);
    }

    private static String baseUrl(Connection c) {
        String u = c.url != null ? c.url : System.getenv("VIGIL_URL");
        if (u != null && !u.isBlank()) return u.strip().replaceAll("/+$", "");
        GatewayConfig cfg = ConfigLoader.load(Files.exists(c.config) ? c.config : null, System.getenv());
        return (cfg.http().tls() ? "https" : "http") + "://127.0.0.1:" + cfg.http().port();
    }

    /** The report as tables: period, totals, per profile, region and enterprise, CEMS below the threshold, disposal, trend. */
    static void print(JsonObject rep, boolean devices, PrintWriter out) {
        JsonObject p = rep.getJsonObject("period");
        boolean daily = "daily".equals(p.getString("kind"));
        out.printf("%s %s (%s)%n", daily ? "监管日报 Daily report" : "监管月报 Monthly report", p.getString(daily ? "date" : "month"),
                p.getString("zone"));
        out.printf("%s .. %s, 统计至 counted until %s%n", p.getValue("from"), p.getValue("to"), p.getValue("counted_until"));
        String[] cols = {"id", "online_rate", "valid_data_rate", "alerts", "overdue_alerts", "escalations", "repeat_alerts",
            "receive_median_s", "handle_median_s", "close_median_s"};
        String[] heads = {"名称 Name", "在线率 Online", "有效率 Valid", "预警 Alerts", "超期 Overdue", "督办 Escal.",
            "重复 Repeat", "签收 Receive p50", "处置 Handle p50", "办结 Close p50"};
        for (String[] kind : new String[][] {{"total", "合计 Total"}, {"profile", "按设备类型 By profile"}, {"region", "按区域 By region"},
            {"enterprise", "按企业 By enterprise"}, {"device", "按设备 By device"}}) {
            if (kind[0].equals("device") && !devices) continue;
            out.println();
            out.println(kind[1]);
            TextTable t = new TextTable(heads);
            for (Object o : rep.getJsonArray("rows")) {
                JsonObject row = (JsonObject) o;
                if (!row.getString("kind").equals(kind[0])) continue;
                Object[] cells = new Object[cols.length];
                for (int i = 0; i < cols.length; i++) cells[i] = cell(cols[i], row.getValue(cols[i]));
                t.row(cells);
            }
            t.print(out);
        }
        out.println();
        JsonArray below = rep.getJsonArray("valid_data_below");
        out.printf("有效数据率低于 %s %% Valid-data rate below %s %%: %s%n", num(rep.getValue("valid_data_threshold_pct")),
                num(rep.getValue("valid_data_threshold_pct")), below.isEmpty() ? "无 none" : below.size() + " CEMS");
        if (!below.isEmpty()) {
            TextTable t = new TextTable("设备 Device", "企业 Enterprise", "区域 Region", "有效数据率 Valid-data rate", "有效/应报小时 Valid/expected hours");
            for (Object o : below) {
                JsonObject b = (JsonObject) o;
                t.row(b.getString("device"), b.getString("enterprise"), b.getString("region"), num(b.getValue("valid_data_rate")) + " %",
                        b.getValue("valid_hours") + "/" + b.getValue("expected_hours"));
            }
            t.print(out);
        }
        JsonObject d = rep.getJsonObject("disposal");
        out.println();
        out.println("处置情况 Disposal");
        JsonObject lv = d.getJsonObject("by_level");
        TextTable s = new TextTable("项目 Item", "值 Value");
        s.row("预警数 Alerts", d.getValue("alerts") + "  (红 red " + lv.getValue("red") + ", 橙 orange " + lv.getValue("orange")
                + ", 黄 yellow " + lv.getValue("yellow") + ", 蓝 blue " + lv.getValue("blue") + ")");
        s.row("按设备类型 By profile", counts(d.getJsonObject("by_profile")));
        s.row("按区域 By region", counts(d.getJsonObject("by_region")));
        s.row("按企业 By enterprise", counts(d.getJsonObject("by_enterprise")));
        for (String[] step : new String[][] {{"time_to_receive", "签收时长 Time to receive"}, {"time_to_handle", "处置时长 Time to handle"},
            {"time_to_close", "办结时长 Time to close"}}) {
            JsonObject tt = d.getJsonObject(step[0]);
            s.row(step[1], "n=" + tt.getValue("count") + "  中位数 median " + duration(tt.getValue("median_s")) + "  P90 " + duration(tt.getValue("p90_s")));
        }
        s.row("超期预警 Overdue alerts", d.getValue("overdue_alerts"));
        s.row("督办次数 Escalations", d.getValue("escalations") + (d.getJsonObject("escalations_by_step").isEmpty() ? ""
                : "  (按环节 by step: " + counts(d.getJsonObject("escalations_by_step")) + "; 最高级别 max level " + d.getValue("max_escalation") + ")"));
        s.row("重复预警 Repeat alerts", d.getValue("repeat_alerts"));
        s.print(out);
        JsonArray rep2 = d.getJsonArray("repeat_devices");
        if (!rep2.isEmpty()) {
            out.println();
            out.println("重复预警设备 Devices with repeat alerts");
            TextTable t = new TextTable("设备 Device", "预警数 Alerts", "重复 Repeats");
            for (Object o : rep2) {
                JsonObject r = (JsonObject) o;
                t.row(r.getString("device"), r.getValue("alerts"), r.getValue("repeat_alerts"));
            }
            t.print(out);
        }
        if (!daily) {
            out.println();
            out.println("趋势 Trend");
            TextTable t = new TextTable("日期 Date", "在线率 Online rate", "有效数据率 Valid-data rate", "预警数 Alerts");
            for (Object o : rep.getJsonArray("trend")) {
                JsonObject r = (JsonObject) o;
                t.row(r.getString("date"), pct(r.getValue("online_rate")), pct(r.getValue("valid_data_rate")), r.getValue("alerts"));
            }
            t.print(out);
        }
        out.flush();
    }

    private static Object cell(String key, Object v) {
        if (key.endsWith("_rate")) return pct(v);
        if (key.endsWith("_s")) return v instanceof Number n ? hms(Math.round(n.doubleValue())) : "-";
        return v == null ? "-" : v;
    }

    private static String pct(Object v) {
        return v == null ? "-" : num(v) + " %";
    }

    private static String num(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return Long.toString(n.longValue());
        return String.valueOf(v);
    }

    /** Seconds as {@code 150 s (2m30s)}; "-" for none. */
    static String duration(Object v) {
        if (!(v instanceof Number n)) return "-";
        long s = Math.round(n.doubleValue());
        return num(v) + " s" + (s >= 60 ? " (" + hms(s) + ")" : "");
    }

    /** Seconds as {@code 45s}, {@code 2m30s} or {@code 1h07m30s}. */
    static String hms(long s) {
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static String counts(JsonObject m) {
        if (m.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : m) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.toString();
    }
}
