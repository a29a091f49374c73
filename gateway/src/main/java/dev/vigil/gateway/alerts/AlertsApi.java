package dev.vigil.gateway.alerts;

import dev.vigil.gateway.auth.AuditLog;
import dev.vigil.gateway.auth.Principal;
import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.http.HttpApi;
import dev.vigil.rules.Alert;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The alert routes of the HTTP API: {@code GET /api/alerts} (filtered list), {@code GET
 * /api/alerts/stream} (live, SSE or WebSocket, see {@link AlertStream}), {@code GET
 * /api/alerts/{id}} (one alert with its events), {@code POST /api/alerts/{id}/ack} and
 * {@code GET /api/rules}. Alert ids contain slashes ({@code device/rule/time}); they may be sent
 * as they are or percent-encoded. Errors are 4xx with a JSON body naming the problem.
 *
 * <p>Every route sees only the caller's alerts ({@link Principal#scopeOf}): an alert outside the
 * scope answers 404 exactly like an unknown one, lists and streams leave it out. The one who
 * acknowledges is the logged-in user (a machine client with an API token may name the person it
 * acts for in {@code user}); each acknowledgement goes to the audit trail.
 */
public final class AlertsApi implements Consumer<Router> {
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 10_000;

    private final AlertQueries rules;
    private final AuditLog audit;

    /**
     * @param audit where acknowledgements are recorded, or null
     */
    public AlertsApi(AlertQueries rules, AuditLog audit) {
        this.rules = rules;
        this.audit = audit;
    }

    @Override
    public void accept(Router router) {
        router.get("/api/alerts").handler(this::list);
        router.get("/api/alerts/stream").handler(new AlertStream()::handle);
        router.postWithRegex("/api/alerts/(.+)/ack").handler(this::ack);
        router.getWithRegex("/api/alerts/(.+)").handler(this::one);
        router.get("/api/rules").handler(ctx -> reply(ctx, rules.rulesStatus(), ctx::json));
    }

    private void list(RoutingContext ctx) {
        AlertFilter filter;
        int limit;
        try {
            filter = AlertFilter.parse(ctx.queryParams(), AlertFilter.State.ALL);
            limit = AlertFilter.limit(ctx.queryParams(), DEFAULT_LIMIT, MAX_LIMIT);
        } catch (AlertFilter.BadParameter e) {
            HttpApi.error(ctx.response(), 400, e.getMessage());
            return;
        }
        Scope scope = Principal.scopeOf(ctx);
        // a narrower scope filters after the query: ask for the most, then keep the caller's first `limit`
        Future<java.util.List<Alert>> found = scope.unrestricted() ? rules.alerts(filter, limit)
                : rules.alerts(filter, MAX_LIMIT).map(all -> all.stream().filter(a -> scope.allows(a.enterprise(), a.region())).limit(limit).toList());
        reply(ctx, found, shown -> {
            JsonArray arr = new JsonArray();
            for (Alert a : shown) arr.add(AlertJson.alert(a, null));
            long open = shown.stream().filter(Alert::open).count();
            ctx.json(new JsonObject().put("count", shown.size()).put("open", open).put("alerts", arr));
        });
    }

    private void one(RoutingContext ctx) {
        String id = id(ctx);
        reply(ctx, visible(ctx, id), v -> ctx.json(AlertJson.alert(v.alert(), v.events())));
    }

    private void ack(RoutingContext ctx) {
        String id = id(ctx);
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            HttpApi.error(ctx.response(), 400, "body must be a JSON object {\"user\": \"...\", \"comment\": \"...\"}");
            return;
        }
        if (body == null) {
            HttpApi.error(ctx.response(), 400, "missing JSON body {\"user\": \"...\", \"comment\": \"...\"}");
            return;
        }
        Object user = body.getValue("user");
        Object comment = body.getValue("comment");
        if (user != null && !(user instanceof String)) {
            HttpApi.error(ctx.response(), 400, "field 'user' must be a string (who acknowledges; a logged-in user is always itself)");
            return;
        }
        if (comment != null && !(comment instanceof String)) {
            HttpApi.error(ctx.response(), 400, "field 'comment' must be a string");
            return;
        }
        Principal p = Principal.of(ctx);
        String who = p.actor((String) user);
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        Scope scope = Principal.scopeOf(ctx);
        Future<Alert> done = scope.unrestricted() ? rules.acknowledge(id, who, (String) comment)
                : visible(ctx, id).compose(v -> rules.acknowledge(id, who, (String) comment));
        done.onComplete(ar -> {
            if (audit == null) return;
            String by = who.equals(p.name()) ? who : who + " (via " + p.name() + ")";
            String outcome = ar.succeeded() ? "ok" : ar.cause() instanceof AlertQueries.NotFound ? "not_found"
                    : ar.cause() instanceof AlertQueries.Conflict ? "conflict" : "failed";
            audit.record("ack", outcome, by, address, "alert " + id + (comment == null ? "" : "; comment: " + comment));
        });
        reply(ctx, done, a -> ctx.json(AlertJson.alert(a, null)));
    }

    /** The alert with its events when the caller may see it; {@link AlertQueries.NotFound} (404) otherwise, as for an unknown id. */
    private Future<AlertQueries.AlertView> visible(RoutingContext ctx, String id) {
        Scope scope = Principal.scopeOf(ctx);
        return rules.alert(id).compose(v -> scope.allows(v.alert().enterprise(), v.alert().region()) ? Future.succeededFuture(v)
                : Future.failedFuture(new AlertQueries.NotFound("no alert '" + id + "'")));
    }

    /** The alert id from the path, percent-decoded when it was encoded. */
    private static String id(RoutingContext ctx) {
        String raw = ctx.pathParam("param0");
        return raw.indexOf('%') >= 0 ? URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8) : raw;
    }

    /** Completes the request on its own context with the future's value, or a JSON error. */
    private static <T> void reply(RoutingContext ctx, Future<T> f, Handler<T> onValue) {
        Context here = ctx.vertx().getOrCreateContext();
        f.onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded()) {
                onValue.handle(ar.result());
            } else if (ar.cause() instanceof AlertQueries.NotFound e) {
                HttpApi.error(ctx.response(), 404, e.getMessage());
            } else if (ar.cause() instanceof AlertQueries.Conflict e) {
                HttpApi.error(ctx.response(), 409, e.getMessage());
            } else {
                ctx.fail(500, ar.cause());
            }
        }));
    }
}
