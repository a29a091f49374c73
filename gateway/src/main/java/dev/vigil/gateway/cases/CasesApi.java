package dev.vigil.gateway.cases;

import dev.vigil.gateway.alerts.AlertFilter;
import dev.vigil.gateway.auth.AuditLog;
import dev.vigil.gateway.auth.Principal;
import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.http.HttpApi;
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
import java.util.List;
import java.util.function.Consumer;

/**
 * The case routes: {@code GET /api/v1/cases} (filters of {@link CaseFilter}, newest raised first,
 * {@code limit} default 500), {@code GET /api/v1/cases/{id}} (one case with its timeline) and
 * {@code POST /api/v1/cases/{id}/transitions} with {@code {"to": "received", "comment": "..."}}
 * (a machine client may add {@code "user"}, the person it acts for). The id is the alert's id,
 * slashes as they are or percent-encoded.
 *
 * <p>A case outside the caller's scope answers 404 like an unknown one. A refused transition
 * answers 403 (the role may never make it), 409 (not from the case's state) or 400 (comment
 * missing), each with {@code state}, {@code to}, {@code allowed} (what the caller may do now) and
 * {@code legal} (what anyone may). Every transition asked for goes to the audit trail.
 */
public final class CasesApi implements Consumer<Router> {
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 10_000;

    private final CaseService cases;
    private final AuditLog audit;

    public CasesApi(CaseService cases, AuditLog audit) {
        this.cases = cases;
        this.audit = audit;
    }

    @Override
    public void accept(Router router) {
        router.get("/api/v1/cases").handler(this::list);
        router.postWithRegex("/api/v1/cases/(.+)/transitions").setName("/api/v1/cases/{id}/transitions").handler(this::transition);
        router.getWithRegex("/api/v1/cases/(.+)").setName("/api/v1/cases/{id}").handler(this::one);
    }

    private void list(RoutingContext ctx) {
        CaseFilter filter;
        int limit;
        try {
            filter = CaseFilter.parse(ctx.queryParams());
            limit = AlertFilter.limit(ctx.queryParams(), DEFAULT_LIMIT, MAX_LIMIT);
        } catch (AlertFilter.BadParameter e) {
            HttpApi.error(ctx.response(), 400, e.getMessage());
            return;
        }
        Principal p = Principal.of(ctx);
        Scope scope = p.scope();
        java.util.function.Predicate<Case> wanted = c -> scope.allows(c.enterprise(), c.region())
                && filter.matches(c, cases.deadlines(c).stream().anyMatch(CaseBook.Deadline::overdue), p.role());
        reply(ctx, cases.cases(wanted, limit), found -> {
            JsonArray arr = new JsonArray();
            int open = 0;
            int overdue = 0;
            for (Case c : found) {
                List<CaseBook.Deadline> dl = cases.deadlines(c);
                arr.add(CaseJson.of(c, dl, p.role(), false));
                if (!c.state().terminal()) open++;
                if (dl.stream().anyMatch(CaseBook.Deadline::overdue)) overdue++;
            }
            ctx.json(new JsonObject().put("count", arr.size()).put("open", open).put("overdue", overdue).put("cases", arr));
        });
    }

    private void one(RoutingContext ctx) {
        String id = id(ctx);
        Principal p = Principal.of(ctx);
        reply(ctx, cases.get(id), c -> {
            if (c == null || !p.scope().allows(c.enterprise(), c.region())) {
                HttpApi.error(ctx.response(), 404, "no case '" + id + "'");
            } else {
                ctx.json(CaseJson.of(c, cases.deadlines(c), p.role(), true));
            }
        });
    }

    private void transition(RoutingContext ctx) {
        String id = id(ctx);
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        String usage = "body must be a JSON object {\"to\": \"received|dispatched|handled|verified|closed|rejected|false_alarm\", "
                + "\"comment\": \"...\"}";
        if (body == null || !(body.getValue("to") instanceof String toText)) {
            HttpApi.error(ctx.response(), 400, usage);
            return;
        }
        Object comment = body.getValue("comment");
        Object user = body.getValue("user");
        if ((comment != null && !(comment instanceof String)) || (user != null && !(user instanceof String))) {
            HttpApi.error(ctx.response(), 400, "fields 'comment' and 'user' must be strings");
            return;
        }
        CaseState to = CaseState.parse(toText);
        if (to == null || to == CaseState.RAISED) {
            HttpApi.error(ctx.response(), 400, "unknown target state '" + toText + "'; " + usage);
            return;
        }
        Principal p = Principal.of(ctx);
        String who = p.actor((String) user);
        String by = who.equals(p.name()) ? who : who + " (via " + p.name() + ")";
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        // out of scope: 404 exactly like an unknown case, before anything else is said about it
        Future<CaseBook.Outcome> done = cases.get(id).compose(c -> c == null || !p.scope().allows(c.enterprise(), c.region())
                ? Future.succeededFuture(new CaseBook.Refused(404, "no case '" + id + "'", null, List.of(), List.of()))
                : cases.transition(id, p.role(), who, to, (String) comment));
        reply(ctx, done, o -> {
            String detail = "case " + id + " -> " + to.id() + (comment == null ? "" : "; comment: " + comment);
            if (o instanceof CaseBook.Moved m) {
                if (audit != null) audit.record("case", "ok", by, address, detail);
                ctx.json(CaseJson.of(m.after(), cases.deadlines(m.after()), p.role(), true));
            } else if (o instanceof CaseBook.Refused r) {
                if (audit != null) audit.record("case", r.status() == 404 ? "not_found" : r.status() == 403 ? "denied" : "refused", by,
                        address, detail + "; " + r.message());
                if (r.status() == 404 || r.status() == 503) {
                    HttpApi.error(ctx.response(), r.status(), r.message());
                    return;
                }
                ctx.response().setStatusCode(r.status()).putHeader("content-type", "application/json; charset=utf-8")
                        .end(new JsonObject().put("status", r.status()).put("error", r.message())
                                .put("state", r.state() == null ? null : r.state().id()).put("to", to.id())
                                .put("allowed", new JsonArray(CaseState.ids(r.allowed())))
                                .put("legal", new JsonArray(CaseState.ids(r.legal()))).encode());
            }
        });
    }

    /** The case id from the path, percent-decoded when it was encoded. */
    private static String id(RoutingContext ctx) {
        String raw = ctx.pathParam("param0");
        return raw.indexOf('%') >= 0 ? URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8) : raw;
    }

    /** Completes the request on its own context with the future's value, or 500. */
    private static <T> void reply(RoutingContext ctx, Future<T> f, Handler<T> onValue) {
        Context here = ctx.vertx().getOrCreateContext();
        f.onComplete(ar -> here.runOnContext(v -> {
            if (ar.succeeded()) onValue.handle(ar.result());
            else ctx.fail(500, ar.cause());
        }));
    }
}
