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
    private final ZoneId zone;
    private final Function<RoutingContext, Scope> scopes;
    private final WorkerExecutor workers;

    public ReportsApi(Vertx vertx, Reports reports, ZoneId zone, Function<RoutingContext, Scope> scopes) {
        this.reports = reports;
        this.zone = zone;
        this.scopes = scopes;
        this.workers = vertx.createSharedWorkerExecutor("vigil-reports", 2, 30, TimeUnit.MINUTES);
    }

    /** Builds the API from the gateway's parts. */
    public static ReportsApi of(Vertx vertx, java.util.function.Supplier<dev.vigil.profile.DeviceRegistry> registry,
                                InfluxQueryClient influx, ReportsConfig config, int chunkSize, ZoneId zone,
                                Function<RoutingContext, Scope> scopes) {
        return new ReportsApi(vertx, new Reports(registry, influx, config, chunkSize, System::currentTimeMillis), zone, scopes);
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
        try {
            for (String name : q.names()) {
                if (!name.equals(param) && !name.equals("format") && !name.equals("time_format")) {
                    throw HistoryException.bad(name, name + ": unknown parameter; this report takes " + param + ", format (json|csv)"
                            + " and time_format (iso|ms)");
                }
            }
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
        Scope scope = scopes.apply(ctx);
        io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
        Future<Reports.Report> f = workers.executeBlocking(() -> reports.build(period, scope), false);
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
