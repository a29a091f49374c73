package dev.vigil.gateway.console;

import dev.vigil.gateway.config.ConfigLoader;
import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;
import dev.vigil.testkit.InfluxTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's map settings: no tiles by default; a configured tile server reaches the page and its CSP. */
@InfluxTest
class ConsoleSettingsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void withoutATileServerTheMapDrawsOutlinesOnly(InfluxDatabase db, @TempDir Path dir) throws Exception {
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-1", "elevator"))) {
            JsonObject map = new JsonObject(get(gw, "/api/v1/console/settings", TestGateway.ADMIN_AUTH).body()).getJsonObject("map");
            assertEquals(null, map.getValue("tile_url"));
            assertEquals("", map.getString("tile_attribution"));
            String csp = get(gw, "/", null).headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("img-src 'self' data: blob:;"), csp);
            assertEquals(401, get(gw, "/api/v1/console/settings", null).statusCode());
        }
    }

    @Test
    void aConfiguredTileServerIsGivenToTheMapAndAdmittedByTheCsp(InfluxDatabase db, @TempDir Path dir) throws Exception {
        GatewayConfig base = GatewayConfig.defaults();
        base = base.withEndpoints(base.mqtt(), base.http().withMapTiles("https://{s}.tiles.example.org:8443/wmts/{z}/{x}/{y}.png", "© 乌海市测绘院"));
        try (TestGateway gw = TestGateway.start(dir, db, Map.of("elv-1", "elevator"), base)) {
            JsonObject map = new JsonObject(get(gw, "/api/v1/console/settings", TestGateway.ADMIN_AUTH).body()).getJsonObject("map");
            assertEquals("https://{s}.tiles.example.org:8443/wmts/{z}/{x}/{y}.png", map.getString("tile_url"));
            assertEquals("© 乌海市测绘院", map.getString("tile_attribution"));
            String csp = get(gw, "/", null).headers().firstValue("Content-Security-Policy").orElseThrow();
            assertTrue(csp.contains("img-src 'self' data: blob: https://*.tiles.example.org:8443;"), csp);
        }
    }

    @Test
    void aTileUrlThatIsNotATemplateIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("vigil.yaml");
        Files.writeString(f, "http:\n  port: 8080\n  map_tile_url: https://tiles.example.org/tile.png\n");
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(f, Map.of()));
        assertEquals(f + ":3: http.map_tile_url: 'https://tiles.example.org/tile.png' is not a tile URL template like"
                + " https://tiles.example.org/{z}/{x}/{y}.png", e.getMessage());
    }

    private static HttpResponse<String> get(TestGateway gw, String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + path));
        if (auth != null) b.header("Authorization", auth);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
