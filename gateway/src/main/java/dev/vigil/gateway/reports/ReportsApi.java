package dev.vigil.gateway.reports;

import dev.vigil.gateway.history.HistoryApi;
import dev.vigil.gateway.history.HistoryException;
import dev.vigil.gateway.history.InfluxQueryClient;
import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.history.Times;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The supervision reports: {@code GET /api/v1/reports/daily?date=YYYY-MM-DD} and
 * {@code GET /api/v1/reports/monthly?month=YYYY-MM} (days and months in the alerts' time zone),
 * JSON by default, CSV with {@code format=csv}. Parameters are checked on the event loop; the
 * report is computed on a worker pool of its own. Each caller sees its own scope: only its
 * devices and alerts are counted.
 */
public final class ReportsApi implements Consumer<Router> {
    private static final Logger LOG = LoggerFactory.getLogger(ReportsApi.class);

    private final Reports reports;
    private final dev.vigil.gateway.history.QueryPlanner planner;
    private final ZoneId zone;
    private final Function<RoutingContext, Scope> scopes;
    private final WorkerExecutor workers;

    public ReportsApi(Vertx vertx, Reports reports, dev.vigil.gateway.history.QueryPlanner planner, ZoneId zone,
                      Function<RoutingContext, Scope> scopes) {
        this.reports = reports;
        this.planner = planner;
        this.zone = zone;
        this.scopes = scopes;
        this.workers = vertx.createSharedWorkerExecutor("vigil-reports", 2, 30, TimeUnit.MINUTES);
    }

    /** Builds the API from the gateway's parts. */
    public static ReportsApi of(Vertx vertx, java.util.function.Supplier<dev.vigil.profile.DeviceRegistry> registry,
                                InfluxQueryClient influx, ReportsConfig config, int chunkSize, ZoneId zone,
                                Function<RoutingContext, Scope> scopes) {
        return new ReportsApi(vertx, new Reports(registry, influx, config, chunkSize, System::currentTimeMillis),
                new dev.vigil.gateway.history.QueryPlanner(registry), zone, scopes);
    }

    @Override
    public void accept(Router router) {
        router.get("/api/v1/reports/daily").handler(ctx -> report(ctx, "date", ReportPeriod::daily));
        router.get("/api/v1/reports/monthly").handler(ctx -> report(ctx, "month", ReportPeriod::monthly));
    }

    private void report(RoutingContext ctx, String param, BiFunction<String, ZoneId, ReportPeriod> parse) {
        MultiMap q = ctx.queryParams();
        ReportPeriod period;
        boolean csv;
        Times times;
        Scope scope;
        String profile;
        try {
            for (String name : q.names()) {
                if (!java.util.Set.of(param, "format", "time_format", "enterprise", "region", "profile").contains(name)) {
                    throw HistoryException.bad(name, name + ": unknown parameter; this report takes " + param + ", format (json|csv),"
                            + " time_format (iso|ms) and the filters enterprise, region, profile");
                }
            }
            scope = narrowed(scopes.apply(ctx), blankToNull(q.get("enterprise")), blankToNull(q.get("region")));
            profile = blankToNull(q.get("profile"));
            if (profile != null) planner.profile("profile", profile);
            period = parse.apply(q.get(param), zone);
            String format = q.get("format") == null ? "json" : q.get("format").strip();
            if (!format.equals("json") && !format.equals("csv")) throw HistoryException.bad("format", "format: '" + format + "'; give json or csv");
            String tf = q.get("time_format") == null ? "iso" : q.get("time_format").strip();
            if (!tf.equals("iso") && !tf.equals("ms")) throw HistoryException.bad("time_format", "time_format: '" + tf + "'; give iso or ms");
            csv = format.equals("csv");
            times = new Times(zone, tf.equals("ms"));
        } catch (HistoryException e) {
            HistoryApi.error(ctx.response(), e);
            return;
        }
        io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
        Future<Reports.Report> f = workers.executeBlocking(() -> reports.build(period, scope, profile), false);
        f.onComplete(ar -> here.runOnContext(v -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
            } else if (csv) {
                String file = "vigil-report-" + period.kind() + "-" + period.label() + ".csv";
                ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"" + file + "\"").end(ReportCsv.of(ar.result()));
            } else {
                ctx.json(Reports.json(ar.result(), times));
            }
        }));
    }

    /**
     * The caller's scope narrowed to one enterprise and/or region: a value none of the caller's
     * devices has is refused with 400 naming the filter and listing the values the caller may use
     * (as the history API's filters), so an out-of-scope name reveals nothing.
     */
    private Scope narrowed(Scope scope, String enterprise, String region) {
        planner.known(scope, "enterprise", enterprise);
        planner.known(scope, "region", region);
        java.util.Set<String> regions = region == null ? scope.regions() : java.util.Set.of(region);
        return new Scope(regions, enterprise == null ? scope.enterprise() : enterprise);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void fail(RoutingContext ctx, Throwable t) {
        if (t instanceof HistoryException e) {
            HistoryApi.error(ctx.response(), e);
        } else if (t instanceof InfluxQueryClient.QueryFailed) {
            LOG.error("report query failed: {}", t.getMessage());
            HistoryApi.error(ctx.response(), new HistoryException(502, null, t.getMessage()));
        } else {
            ctx.fail(500, t);
        }
    }

    /** Releases the worker pool. */
    public Future<Void> close() {
        return workers.close();
    }
}
