package dev.vigil.gateway.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.gateway.storage.InfluxConfig;
import dev.vigil.profile.DeviceRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every /api/v1 route on the router is in openapi.yaml with its method, and every documented path is routed. */
class OpenApiRoutesTest {

    @Test
    void documentAndRouterAgree() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            new HistoryApi(vertx, () -> new DeviceRegistry("salt", List.of(), Map.of()), InfluxConfig.defaults(),
                    ZoneId.of("Asia/Shanghai"), null, null).accept(router);
            dev.vigil.gateway.reports.ReportsApi.of(vertx, () -> new DeviceRegistry("salt", List.of(), Map.of()),
                    new InfluxQueryClient(InfluxConfig.defaults()), dev.vigil.gateway.reports.ReportsConfig.defaults(), 10_000,
                    ZoneId.of("Asia/Shanghai"), ctx -> Scope.all()).accept(router);
            java.nio.file.Path users = java.nio.file.Files.createTempFile("vigil-users-", ".yaml");
            new dev.vigil.gateway.auth.AuthRoutes(vertx, dev.vigil.gateway.auth.AuthConfig.defaults().withUsers(users.toString()),
                    new dev.vigil.gateway.auth.UserStore(users), new dev.vigil.gateway.auth.AuditLog(null, null)).accept(router);
            java.nio.file.Files.delete(users);
            new dev.vigil.gateway.cases.CasesApi(null, null).accept(router);
            TreeSet<String> routed = new TreeSet<>();
            for (Route r : router.getRoutes()) {
                String path = r.getPath() != null ? r.getPath() : r.getName();
                assertNotNull(path, "every /api/v1 route has a path or a name in OpenAPI form");
                if (!path.startsWith("/api/v1/")) continue;
                String openapi = path.replaceAll(":([A-Za-z_]+)", "{$1}");
                for (var m : r.methods()) routed.add(m.name().toLowerCase() + " " + openapi);
            }
            JsonNode doc;
            try (InputStream in = HistoryApi.class.getResourceAsStream(HistoryApi.OPENAPI)) {
                assertNotNull(in, "openapi.yaml on the class path");
                doc = new ObjectMapper(new YAMLFactory()).readTree(in);
            }
            assertEquals("3.0.3", doc.get("openapi").asText());
            TreeSet<String> documented = new TreeSet<>();
            doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (List.of("get", "post", "put", "delete", "patch").contains(m)) documented.add(m + " " + p.getKey());
            }));
            assertEquals(documented, routed);
        } finally {
            vertx.close().await();
        }
    }
}
