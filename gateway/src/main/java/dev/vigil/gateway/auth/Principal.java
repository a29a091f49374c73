package dev.vigil.gateway.auth;

import dev.vigil.gateway.history.Scope;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling: the user behind a request's session or API token, with its role and scope.
 *
 * @param name      the user's name
 * @param role      the user's role
 * @param scope     what the user may see
 * @param viaToken  true when authenticated by an API token (a machine client), false for a session
 * @param sessionId the session's id (null for a token)
 * @param csrf      the session's CSRF token (null for a token)
 */
public record Principal(String name, Role role, Scope scope, boolean viaToken, String sessionId, String csrf) {
    static final String KEY = "vigil.principal";

    /** The caller of an authenticated request (set by the guard in front of {@code /api}), or null. */
    public static Principal of(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    /** The caller's scope; {@link Scope#all()} only for admins. A request without a caller sees nothing it could use. */
    public static Scope scopeOf(RoutingContext ctx) {
        Principal p = of(ctx);
        if (p == null) throw new IllegalStateException("no authenticated caller for " + ctx.request().path());
        return p.scope();
    }

    /**
     * Who acts, for acknowledgements and exports: a session user is always itself; a machine client
     * (API token) may name the person it acts for ({@code onBehalf}), recorded as {@code "person (via token-user)"}
     * unless it is the token's own user.
     */
    public String actor(String onBehalf) {
        if (!viaToken || onBehalf == null || onBehalf.isBlank() || onBehalf.strip().equals(name)) return name;
        return onBehalf.strip();
    }
}
