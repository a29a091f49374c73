package dev.vigil.gateway.auth;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The role table of every /api route (scope is applied by the routes and tested over HTTP in {@link AuthApiTest}). */
class RolePolicyTest {
    private static final Set<Role> ALL = Set.of(Role.values());

    @Test
    void everyRouteAllowsExactlyItsRoles() {
        Map<String, Set<Role>> table = new LinkedHashMap<>();
        for (String read : List.of("GET /api/alerts", "GET /api/alerts/stream", "GET /api/alerts/elv-1/r/1", "GET /api/v1/openapi.yaml",
                "GET /api/v1/devices", "GET /api/v1/devices/x/series", "GET /api/v1/devices/x/track", "GET /api/v1/devices/x/events",
                "GET /api/v1/export.csv", "GET /api/v1/alerts/elv-1/r/1/episode", "GET /api/v1/me", "POST /api/v1/rules/replay",
                "POST /api/v1/logout", "GET /api/v1/reports/daily", "GET /api/v1/reports/monthly", "GET /api/v1/cases", "GET /api/v1/cases/elv-1/r/1",
                // which role may make which case transition the case route decides (403 naming the allowed ones)
                "POST /api/v1/cases/elv-1/r/1/transitions")) {
            table.put(read, ALL);
        }
        table.put("POST /api/alerts/elv-1/r/1/ack", Set.of(Role.ADMIN, Role.REGULATOR, Role.ENTERPRISE));
        table.put("GET /api/rules", Set.of(Role.ADMIN, Role.REGULATOR));
        table.put("GET /api/v1/users", Set.of(Role.ADMIN));
        table.put("GET /api/v1/audit", Set.of(Role.ADMIN));
        // changes nobody has declared: admins only
        table.put("DELETE /api/alerts/elv-1/r/1", Set.of(Role.ADMIN));
        table.put("PUT /api/v1/devices/x", Set.of(Role.ADMIN));
        table.put("PATCH /api/rules", Set.of(Role.ADMIN));
        table.put("POST /api/v1/cases/elv-1/r/1", Set.of(Role.ADMIN));
        table.put("DELETE /api/v1/cases/elv-1/r/1", Set.of(Role.ADMIN));
        for (Map.Entry<String, Set<Role>> e : table.entrySet()) {
            String[] mp = e.getKey().split(" ");
            for (Role r : Role.values()) {
                String refusal = AuthRoutes.forbidden(r, HttpMethod.valueOf(mp[0]), mp[1]);
                assertEquals(e.getValue().contains(r), refusal == null, r.id() + " " + e.getKey() + ": " + refusal);
            }
        }
    }

    @Test
    void onlyApiPathsNeedACaller() {
        assertTrue(AuthRoutes.protectedPath("/api"));
        assertTrue(AuthRoutes.protectedPath("/api/alerts"));
        assertTrue(AuthRoutes.protectedPath("/api/v1/devices"));
        for (String open : List.of("/health", "/ready", "/metrics", "/", "/apidocs", "/index.html")) {
            assertFalse(AuthRoutes.protectedPath(open), open);
        }
    }
}
