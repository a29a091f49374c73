package dev.vigil.gateway.history;

import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.alerts.AlertQueries;
import dev.vigil.gateway.auth.AuditLog;
import dev.vigil.gateway.auth.Principal;
import dev.vigil.gateway.rulehost.RulesVerticle;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.rules.Alert;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The history, replay and evidence routes under {@code /api/v1} (described in {@code openapi.yaml},
 * served at {@code /api/v1/openapi.yaml}). Parameters are checked on the event loop; InfluxDB is read
 * on a small worker pool of its own, through the one {@link InfluxQueryClient}. The caller's
 * {@link Scope} comes from {@code scopes} (the logged-in user's, {@link Principal#scopeOf}) and is
 * applied by the {@link QueryPlanner}: a device outside it answers 404 like an unknown one.
 */
public final class HistoryApi implements Consumer<Router> {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);
    public static final String OPENAPI = "/dev/vigil/gateway/history/openapi.yaml";

    private final QueryPlanner planner;
    private final Supplier<DeviceRegistry> registry;
    private final InfluxQueryClient influx;
    private final HistoryOptions options;
    private final RulesVerticle rules;
    private final Consumer<String> evidence;
    private final WorkerExecutor workers;
    private final Function<RoutingContext, Scope> scopes;
    private final AuditLog audit;
    private final SeriesQuery series;
    private final TrackQuery track;
    private final EventsQuery events;
    private final DevicesQuery devices;
    private final CsvExport export;
    private final EpisodeQuery episodes;

    /**
     * @param rules    the rules verticle (open alerts), or null when alerts are off
     * @param evidence where export records go as line protocol (the alert store's writer), or null:
     *                 then exports are refused
     */
    public HistoryApi(Vertx vertx, Supplier<DeviceRegistry> registry, InfluxConfig influx, ZoneId zone, RulesVerticle rules,
                      Consumer<String> evidence) {
        this(vertx, registry, new InfluxQueryClient(influx), HistoryOptions.defaults(zone), rules, evidence, ctx -> Scope.all(), null);
    }

    /**
     * @param scopes the caller's scope per request
     * @param audit  where exports are recorded for the audit trail, or null
     */
    public HistoryApi(Vertx vertx, Supplier<DeviceRegistry> registry, InfluxQueryClient influx, HistoryOptions options,
                      RulesVerticle rules, Consumer<String> evidence, Function<RoutingContext, Scope> scopes, AuditLog audit) {
        this.planner = new QueryPlanner(registry);
        this.registry = registry;
        this.influx = influx;
        this.options = options;
        this.rules = rules;
        this.evidence = evidence;
        this.scopes = scopes;
        this.audit = audit;
        this.workers = vertx.createSharedWorkerExecutor("vigil-history", 4, 30, TimeUnit.MINUTES);
        this.series = new SeriesQuery(influx, options);
        this.track = new TrackQuery(influx, options);
        this.events = new EventsQuery(influx, options);
        this.devices = new DevicesQuery(planner, influx, options);
        this.export = new CsvExport(influx, options);
        this.episodes = new EpisodeQuery(series, events, options);
    }

    @Override
    public void accept(Router router) {
        router.get("/api/v1/openapi.yaml").handler(this::openapi);
        router.get("/api/v1/devices").handler(this::devices);
        router.get("/api/v1/devices/:id/series").handler(ctx -> json(ctx, () -> {
            SeriesQuery.Request r = SeriesQuery.parse(target(ctx), ctx.queryParams(), options);
            return () -> series.run(r);
        }));
        router.get("/api/v1/devices/:id/track").handler(ctx -> json(ctx, () -> {
            QueryPlanner.Target t = target(ctx);
            RangeParams r = TrackQuery.parse(t, ctx.queryParams(), options);
            return () -> track.run(t, r);
        }));
        router.get("/api/v1/devices/:id/events").handler(ctx -> json(ctx, () -> {
            QueryPlanner.Target t = target(ctx);
            RangeParams r = RangeParams.parse(ctx.queryParams(), EventsQuery.PARAMS, 10, 100_000);
            int limit = EventsQuery.limit(ctx.queryParams());
            return () -> events.run(t, r, limit);
        }));
        router.get("/api/v1/export.csv").handler(this::export);
        router.post("/api/v1/rules/replay").handler(this::replay);
        router.getWithRegex("/api/v1/alerts/(.+)/episode").setName("/api/v1/alerts/{id}/episode").handler(this::episode);
    }

    private void episode(RoutingContext ctx) {
        EpisodeQuery.Window w;
        try {
            w = EpisodeQuery.parse(ctx.queryParams());
        } catch (HistoryException e) {
            error(ctx.response(), e);
            return;
        }
        if (rules == null) {
            error(ctx.response(), new HistoryException(503, null, "alerts are off (alerts.enabled: false)"));
            return;
        }
        String raw = ctx.pathParam("param0");
        String id = raw.indexOf('%') >= 0 ? java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8) : raw;
        Scope scope = scopes.apply(ctx);
        respond(ctx, rules.queries().alert(id).compose(view -> {
            if (!scope.allows(view.alert().enterprise(), view.alert().region())) {
                return Future.failedFuture(new AlertQueries.NotFound("no alert '" + id + "'"));
            }
            QueryPlanner.Target t = planner.device(scope, view.alert().deviceId());
            return rules.ruleFor(view.alert().deviceId(), view.alert().ruleId())
                    .compose(rule -> workers.executeBlocking(() -> episodes.run(t, view.alert(), view.events(), rule, w), false));
        }));
    }

    private void replay(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            error(ctx.response(), HistoryException.bad(null, "body must be a JSON object {\"rules\": \"<rule file YAML>\", "
                    + "\"device\" or \"profile\": ..., \"from\": ..., \"to\": ...}"));
            return;
        }
        JsonObject b = body;
        Scope scope = scopes.apply(ctx);
        int limit = b.getValue("limit") instanceof Integer i && i > 0 && i <= 100_000 ? i : 10_000;
        respond(ctx, workers.executeBlocking(() -> {
            ReplayRequest r = ReplayRequest.of(planner, registry.get(), scope, str(b, "rules"), str(b, "device"), str(b, "profile"),
                    str(b, "from"), str(b, "to"));
            StoredReplay.Result res = new StoredReplay(influx, options.chunkSize()).run(r.rules(), registry.get(),
                    zones(), new dev.vigil.rules.EngineOptions(options.zone(),
                            dev.vigil.rules.EngineOptions.defaults().maxGapMillis(), dev.vigil.rules.EngineOptions.defaults().recentClosed()),
                    r.target(), r.from(), r.to(), limit);
            return ReplayJson.of(res, new Times(options.zone(), false));
        }, false));
    }

    /** The gateway's zones for geofence rules (read on the worker, per replay). */
    private dev.vigil.rules.zones.ZoneIndex zones() {
        if (options.zonesDir() == null || !java.nio.file.Files.isDirectory(options.zonesDir())) return dev.vigil.rules.zones.ZoneIndex.empty();
        var z = dev.vigil.rules.zones.GeoJsonZoneLoader.loadDirectory(options.zonesDir());
        if (!z.ok()) throw new HistoryException(503, null, "the gateway's zone files have problems: " + z.problems());
        return z.index();
    }

    private static String decodeUser(String header) {
        try {
            return java.net.URLDecoder.decode(header.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return header;
        }
    }

    private static String str(JsonObject b, String key) {
        Object v = b.getValue(key);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Number n && (key.equals("from") || key.equals("to"))) return Long.toString(n.longValue());
        throw HistoryException.bad(key, key + " must be a string");
    }

    /** Answers the future's JSON (or error) on the request's own context. */
    private static void respond(RoutingContext ctx, Future<JsonObject> f) {
        io.vertx.core.Context here = ctx.vertx().getOrCreateContext();
        f.onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded()) ctx.json(ar.result());
            else fail(ctx, ar.cause());
        }));
    }

    private QueryPlanner.Target target(RoutingContext ctx) {
        return planner.device(scopes.apply(ctx), ctx.pathParam("id"));
    }

    /** Checks the request on the event loop, then runs the query on a history worker and answers its JSON. */
    private void json(RoutingContext ctx, Supplier<Callable<JsonObject>> parse) {
        Callable<JsonObject> work;
        try {
            work = parse.get();
        } catch (HistoryException e) {
            error(ctx.response(), e);
            return;
        }
        workers.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) ctx.json(ar.result());
            else fail(ctx, ar.cause());
        });
    }

    private void devices(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        try {
            DevicesQuery.check(q);
        } catch (HistoryException e) {
            error(ctx.response(), e);
            return;
        }
        Scope scope = scopes.apply(ctx);
        Future<List<Alert>> open = rules == null ? Future.succeededFuture(List.of())
                : rules.queries().alerts(AlertFilter.parse(MultiMap.caseInsensitiveMultiMap(), AlertFilter.State.OPEN), 100_000);
        respond(ctx, open.compose(alerts -> {
            Map<String, List<JsonObject>> byDevice = new HashMap<>();
            Times times = new Times(options.zone(), "ms".equals(q.get("time_format")));
            for (Alert a : alerts) {
                byDevice.computeIfAbsent(a.deviceId(), k -> new ArrayList<>()).add(new JsonObject().put("id", a.alertId())
                        .put("rule", a.ruleId()).put("level", a.level().labelEn()).put("raised_at", times.out(a.raisedAt())));
            }
            return workers.executeBlocking(() -> devices.run(scope, q, byDevice), false);
        }));
    }

    private void export(RoutingContext ctx) {
        ExportRequest r;
        try {
            r = ExportRequest.parse(planner, scopes.apply(ctx), ctx.queryParams());
        } catch (HistoryException e) {
            error(ctx.response(), e);
            return;
        }
        if (evidence == null) {
            error(ctx.response(), new HistoryException(503, null, "exports are recorded as evidence by the alert store; turn alerts.enabled on"));
            return;
        }
        String user = ctx.request().getHeader("X-Vigil-User");
        // HTTP headers are Latin-1: names in other scripts come percent-encoded UTF-8 (X-Vigil-User: %E5%BC%A0%E4%BC%9F)
        Principal caller = Principal.of(ctx);
        String named = user == null || user.isBlank() ? null : decodeUser(user.strip());
        // a logged-in user exports as itself; a machine client (API token) may name the person it acts for
        String who = caller == null ? (named == null ? "anonymous" : named) : caller.actor(named);
        String auditUser = caller == null || who.equals(caller.name()) ? who : who + " (via " + caller.name() + ")";
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        HttpServerResponse resp = ctx.response();
        String file = "vigil-" + r.target().profile().name() + "-" + r.from() + "-" + r.to() + ".csv";
        resp.setChunked(true).putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"" + file + "\"");
        workers.executeBlocking(() -> export.run(r, resp), false).onComplete(ar -> {
            if (ar.succeeded()) {
                CsvExport.Sent s = ar.result();
                ExportRecord rec = new ExportRecord(UUID.randomUUID().toString(), System.currentTimeMillis(), who, r.what(),
                        r.from(), r.to(), s.rows(), s.bytes(), s.sha256());
                evidence.accept(rec.toLine());
                if (audit != null) {
                    audit.record("export", "ok", auditUser, address,
                            "export " + rec.exportId() + ": " + r.what() + ", " + s.rows() + " rows, sha256 " + s.sha256());
                }
                resp.end();
                LOG.info("export {} by {}: {} rows, {} bytes, sha256 {}", rec.exportId(), who, s.rows(), s.bytes(), s.sha256());
            } else {
                LOG.warn("export {} by {} failed after the response started: {}", r.what(), who, ar.cause().getMessage());
                if (audit != null) audit.record("export", "failed", auditUser, address, r.what() + ": " + ar.cause().getMessage());
                resp.reset();
            }
        });
    }

    private void openapi(RoutingContext ctx) {
        try (InputStream in = HistoryApi.class.getResourceAsStream(OPENAPI)) {
            if (in == null) throw new IOException("resource " + OPENAPI + " missing");
            ctx.response().putHeader("content-type", "application/yaml; charset=utf-8").end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fail(RoutingContext ctx, Throwable t) {
        if (t instanceof HistoryException e) {
            error(ctx.response(), e);
        } else if (t instanceof AlertQueries.NotFound e) {
            error(ctx.response(), new HistoryException(404, "id", e.getMessage()));
        } else if (t instanceof InfluxQueryClient.QueryFailed) {
            LOG.error("history query failed: {}", t.getMessage());
            error(ctx.response(), new HistoryException(502, null, t.getMessage()));
        } else {
            ctx.fail(500, t);
        }
    }

    /** Answers {@code {"error": ..., "field": ...}} with the exception's status. */
    public static void error(HttpServerResponse response, HistoryException e) {
        if (response.ended()) return;
        response.setStatusCode(e.status()).putHeader("content-type", "application/json; charset=utf-8")
                .end(HistoryJson.error(e.getMessage(), e.field()).encode());
    }

    /** Releases the worker pool. */
    public Future<Void> close() {
        return workers.close();
    }
}
