package dev.vigil.gateway.auth;

import dev.vigil.gateway.history.Scope;
import dev.vigil.gateway.http.HttpApi;
import dev.vigil.gateway.security.AuthGuard;
import dev.vigil.gateway.security.AuthGuardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Log-in and access control in front of everything under {@code /api}: a request carries a session
 * cookie (from {@code POST /api/v1/login}) or {@code Authorization: Bearer TOKEN} (an API token of
 * {@code vigil user token}); without either it gets 401. A state-changing request (POST, PUT, PATCH,
 * DELETE) on a session must carry the session's {@code X-CSRF-Token} (403 otherwise). The role is
 * checked here ({@link #forbidden}); the scope is applied by each route from {@link Principal#scopeOf}.
 * {@code /health}, {@code /ready} and {@code /metrics} stay open.
 *
 * <p>Routes: {@code POST /api/v1/login}, {@code POST /api/v1/logout}, {@code GET /api/v1/me},
 * {@code GET /api/v1/users} and {@code GET /api/v1/audit} (admins).
 */
public final class AuthRoutes implements Consumer<Router> {
    public static final String COOKIE = "vigil_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String WRONG = "wrong user name or password";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Vertx vertx;
    private final UserStore users;
    private final AuditLog audit;
    private final Sessions sessions;
    private final AuthGuard perUser;
    private final AuthGuard perAddress;

    public AuthRoutes(Vertx vertx, AuthConfig config, UserStore users, AuditLog audit) {
        this.vertx = vertx;
        this.users = users;
        this.audit = audit;
        this.sessions = new Sessions(config.sessionIdleMs(), config.sessionMaxMs(), System::currentTimeMillis);
        this.perUser = new AuthGuard(new AuthGuardConfig(true, config.loginMaxFailuresPerUser(), config.loginWindowMs(), config.loginBlockMs()));
        this.perAddress = new AuthGuard(new AuthGuardConfig(true, config.loginMaxFailuresPerAddress(), config.loginWindowMs(),
                config.loginBlockMs()));
    }

    @Override
    public void accept(Router router) {
        router.route().setName("auth: session or token for /api").handler(this::guard);
        router.post("/api/v1/login").handler(this::login);
        router.post("/api/v1/logout").handler(this::logout);
        router.get("/api/v1/me").handler(ctx -> ctx.json(me(Principal.of(ctx))));
        router.get("/api/v1/users").handler(this::listUsers);
        router.get("/api/v1/audit").handler(this::audit);
    }

    /** True for the paths that need a caller: {@code /api} and everything under it. */
    static boolean protectedPath(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private void guard(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        HttpServerRequest req = ctx.request();
        if (!protectedPath(path) || (path.equals("/api/v1/login") && req.method() == HttpMethod.POST)) {
            ctx.next();
            return;
        }
        Principal p;
        String authz = req.getHeader("Authorization");
        if (authz != null) {
            if (!authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
                unauthorized(ctx, "Authorization must be 'Bearer TOKEN' (an API token of `vigil user token`)");
                return;
            }
            User u = users.byToken(authz.substring(7).strip());
            if (u == null) {
                unauthorized(ctx, "unknown or revoked API token");
                return;
            }
            p = new Principal(u.name(), u.role(), u.scope(), true, null, null);
        } else {
            Cookie c = req.getCookie(COOKIE);
            if (c == null) {
                unauthorized(ctx, "log in first (POST /api/v1/login) or send Authorization: Bearer TOKEN");
                return;
            }
            Sessions.Session s = sessions.use(c.getValue());
            User u = s == null ? null : users.user(s.user);
            if (u == null) {
                if (s != null) sessions.remove(s.id);
                ctx.response().addCookie(expired(req));
                unauthorized(ctx, "session expired or ended; log in again");
                return;
            }
            if (!SAFE.contains(req.method()) && !s.csrfMatches(req.getHeader(CSRF_HEADER))) {
                HttpApi.error(ctx.response(), 403, "missing or wrong " + CSRF_HEADER + " header (the csrf_token of GET /api/v1/me)");
                return;
            }
            if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade")) && !sameOrigin(req)) {
                HttpApi.error(ctx.response(), 403, "WebSocket from another origin refused");
                return;
            }
            p = new Principal(u.name(), u.role(), u.scope(), false, s.id, s.csrf);
        }
        String refusal = forbidden(p.role(), req.method(), path);
        if (refusal != null) {
            if (req.method() == HttpMethod.POST && path.endsWith("/ack")) audit.record("ack", "denied", p.name(), address(req), path + ": " + refusal);
            HttpApi.error(ctx.response(), 403, refusal);
            return;
        }
        ctx.put(Principal.KEY, p);
        ctx.next();
    }

    /**
     * Why this role may not make this request, or null when it may (its scope is applied by the route).
     * Admins may do everything; users and the audit trail are theirs only; inspectors cannot
     * acknowledge; the rules' status is for admins and regulators; case transitions are checked per
     * transition by the case route; other changes than log-out, acknowledgement, case transitions
     * and rule replay (read-only) are for admins.
     */
    static String forbidden(Role role, HttpMethod method, String path) {
        if (role == Role.ADMIN) return null;
        if (path.startsWith("/api/v1/users") || path.startsWith("/api/v1/audit")) return "only admins see users and the audit trail";
        if (path.equals("/api/rules") && role != Role.REGULATOR) return "only admins and regulators see the rules' status";
        if (SAFE.contains(method)) return null;
        if (method == HttpMethod.POST && path.startsWith("/api/alerts/") && path.endsWith("/ack")) {
            return role.mayAcknowledge() ? null : "a " + role.id() + " may not acknowledge alerts (read-only role)";
        }
        // which role may make which case transition is the case route's to say (403 naming the allowed ones)
        if (method == HttpMethod.POST && path.startsWith("/api/v1/cases/") && path.endsWith("/transitions")) return null;
        if (method == HttpMethod.POST && (path.equals("/api/v1/logout") || path.equals("/api/v1/rules/replay"))) return null;
        return "only admins may change this";
    }

    private void login(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String address = address(req);
        String ct = req.getHeader("Content-Type");
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            HttpApi.error(ctx.response(), 415, "log in with Content-Type: application/json and {\"user\": \"...\", \"password\": \"...\"}");
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null || !(body.getValue("user") instanceof String name) || !(body.getValue("password") instanceof String pw)
                || name.isBlank()) {
            HttpApi.error(ctx.response(), 400, "body must be a JSON object {\"user\": \"...\", \"password\": \"...\"}");
            return;
        }
        String user = name.strip();
        long wait = Math.max(perAddress.blockedFor(address), perUser.blockedFor(user));
        if (wait > 0) {
            audit.record("login", "blocked", user, address, "too many failed log-ins");
            long seconds = Math.max(1, (wait + 999) / 1000);
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            ctx.response().setStatusCode(429).putHeader("content-type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("status", 429).put("error", "too many failed log-ins; try again in " + seconds + " s")
                            .put("retry_after_seconds", seconds).encode());
            return;
        }
        char[] password = pw.toCharArray();
        vertx.executeBlocking(() -> {
            try {
                User u = users.user(user);
                if (u == null || u.passwordHash() == null) {
                    PasswordHash.verifyDummy(password);
                    return null;
                }
                return PasswordHash.verify(password, u.passwordHash()) ? u : null;
            } finally {
                Arrays.fill(password, ' ');
            }
        }, false).onComplete(ar -> {
            User u = ar.succeeded() ? ar.result() : null;
            if (ar.failed()) {
                ctx.fail(500, ar.cause());
                return;
            }
            if (u == null) {
                perAddress.failed(address);
                perUser.failed(user);
                audit.record("login", "failed", user, address, "");
                HttpApi.error(ctx.response(), 401, WRONG);
                return;
            }
            Cookie old = req.getCookie(COOKIE);
            if (old != null) sessions.remove(old.getValue());
            Sessions.Session s = sessions.create(u.name());
            audit.record("login", "ok", u.name(), address, "role " + u.role().id());
            ctx.response().addCookie(Cookie.cookie(COOKIE, s.id).setPath("/").setHttpOnly(true)
                    .setSameSite(CookieSameSite.STRICT).setSecure(secure(req)));
            ctx.json(me(new Principal(u.name(), u.role(), u.scope(), false, s.id, s.csrf)));
        });
    }

    private void logout(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        if (p.sessionId() != null) sessions.remove(p.sessionId());
        audit.record("logout", "ok", p.name(), address(ctx.request()), p.viaToken() ? "token (nothing to end)" : "");
        ctx.response().addCookie(expired(ctx.request()));
        ctx.json(new JsonObject().put("logged_out", p.name()));
    }

    private void listUsers(RoutingContext ctx) {
        JsonArray arr = new JsonArray();
        for (User u : users.users()) {
            arr.add(new JsonObject().put("name", u.name()).put("role", u.role().id()).put("scope", scope(u.scope()))
                    .put("password", u.passwordHash() != null)
                    .put("tokens", new JsonArray(u.tokens().stream().map(ApiToken::id).toList())));
        }
        ctx.json(new JsonObject().put("count", arr.size()).put("users", arr).put("file_problem", users.problem()));
    }

    private void audit(RoutingContext ctx) {
        if (!audit.stored()) {
            HttpApi.error(ctx.response(), 503, "the audit trail is stored by the alert store; turn alerts.enabled on");
            return;
        }
        var q = ctx.queryParams();
        long now = System.currentTimeMillis();
        long from;
        long to;
        int limit;
        try {
            from = time(q.get("from"), now - 7L * 86_400_000, "from");
            to = time(q.get("to"), now, "to");
            limit = q.get("limit") == null ? 500 : Integer.parseInt(q.get("limit"));
            if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit: must be 1..10000, got " + limit);
        } catch (NumberFormatException e) {
            HttpApi.error(ctx.response(), 400, "limit: not a number: " + q.get("limit"));
            return;
        } catch (IllegalArgumentException e) {
            HttpApi.error(ctx.response(), 400, e.getMessage());
            return;
        }
        String action = q.get("action");
        String user = q.get("user");
        vertx.executeBlocking(() -> audit.list(from, to, action, user, limit), false).onComplete(ar -> {
            if (ar.succeeded()) ctx.json(ar.result());
            else HttpApi.error(ctx.response(), 502, "cannot read the audit trail: " + ar.cause().getMessage());
        });
    }

    private static long time(String v, long def, String field) {
        if (v == null || v.isBlank()) return def;
        try {
            return v.chars().allMatch(Character::isDigit) ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": expected epoch milliseconds or an ISO-8601 instant, got '" + v + "'");
        }
    }

    static JsonObject me(Principal p) {
        return new JsonObject().put("name", p.name()).put("role", p.role().id()).put("role_zh", p.role().labelZh())
                .put("scope", scope(p.scope())).put("auth", p.viaToken() ? "token" : "session")
                .put("may_acknowledge", p.role().mayAcknowledge()).put("csrf_token", p.csrf());
    }

    private static JsonObject scope(Scope s) {
        return new JsonObject().put("regions", s.regions() == null ? null : new JsonArray(s.regions().stream().sorted().toList()))
                .put("enterprise", s.enterprise());
    }

    private static void unauthorized(RoutingContext ctx, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
        HttpApi.error(ctx.response(), 401, message);
    }

    private static Cookie expired(HttpServerRequest req) {
        return Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(secure(req));
    }

    /** HTTPS directly, or behind a proxy that says so. */
    private static boolean secure(HttpServerRequest req) {
        return req.isSSL() || "https".equalsIgnoreCase(req.getHeader("X-Forwarded-Proto"));
    }

    private static boolean sameOrigin(HttpServerRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) return true; // not a browser
        String host = req.getHeader("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    static String address(HttpServerRequest req) {
        return req.remoteAddress() == null ? "unknown" : req.remoteAddress().hostAddress();
    }
}
