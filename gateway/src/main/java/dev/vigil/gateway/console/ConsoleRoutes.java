package dev.vigil.gateway.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The supervision console: the single-page app under {@code webroot/} and the browser libraries it
 * imports (Preact, htm, uPlot, Leaflet), all served from the jar so that it works with no internet;
 * plus {@code GET /api/v1/zones}, the zone files the gateway's geofence rules use, as one GeoJSON
 * feature collection for the map, and {@code GET /api/v1/console/settings} (the map's tile server, when
 * one is configured). The page is sent with a Content-Security-Policy that allows scripts from the
 * gateway only (and the page's one inline import map, by its hash), and images from the gateway and
 * the configured tile server.
 */
public final class ConsoleRoutes implements Consumer<Router> {
    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    private final Vertx vertx;
    private final Path zonesDir;
    private final String csp;
    private final JsonObject settings;

    /**
     * @param tileUrl         tile URL template for the map ({z}/{x}/{y}), or null for outlines only
     * @param tileAttribution the tiles' attribution text
     */
    public ConsoleRoutes(Vertx vertx, Path zonesDir, String tileUrl, String tileAttribution) {
        this.vertx = vertx;
        this.zonesDir = zonesDir;
        this.settings = new JsonObject().put("map", new JsonObject().put("tile_url", tileUrl)
                .put("tile_attribution", tileAttribution == null ? "" : tileAttribution));
        String tiles = tileUrl == null ? "" : " " + tileOrigin(tileUrl);
        this.csp = "default-src 'self'; script-src 'self' '" + importMapHash() + "'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data: blob:" + tiles + "; connect-src 'self'; media-src 'self' data:; object-src 'none'; "
                + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    }

    @Override
    public void accept(Router router) {
        router.get("/api/v1/zones").handler(this::zones);
        router.get("/api/v1/console/settings").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json; charset=utf-8").end(settings.encode()));
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
        router.get("/_static/*").handler(StaticHandler.create("META-INF/resources/_static").setMaxAgeSeconds(86_400));
        router.getWithRegex("^/(?!api/|webjars/|_static/)(.*)").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", csp)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("X-Frame-Options", "DENY")
                    .putHeader("Referrer-Policy", "same-origin");
            ctx.next();
        }).handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(false));
    }

    /** Every *.geojson file of the zones directory, merged into one FeatureCollection. */
    private void zones(RoutingContext ctx) {
        vertx.executeBlocking(this::readZones, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(500, ar.cause());
                return;
            }
            ctx.response().putHeader("content-type", "application/geo+json; charset=utf-8").end(ar.result().encode());
        });
    }

    private JsonObject readZones() throws IOException {
        JsonArray features = new JsonArray();
        if (Files.isDirectory(zonesDir)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(zonesDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".geojson")).sorted().forEach(files::add);
            }
            for (Path f : files) {
                JsonArray fs = new JsonObject(Buffer.buffer(Files.readAllBytes(f))).getJsonArray("features");
                if (fs != null) fs.forEach(features::add);
            }
        }
        return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }

    /** The scheme, host and port of a tile URL template (for the CSP's img-src). */
    static String tileOrigin(String tileUrl) {
        int start = tileUrl.indexOf("://") + 3;
        int end = tileUrl.indexOf('/', start);
        String host = tileUrl.substring(0, end < 0 ? tileUrl.length() : end);
        // {s} subdomains (a.tile..., b.tile...) become a wildcard
        return host.replace("{s}", "*");
    }

    /** {@code sha256-...} of the import map inline in index.html, for the CSP. */
    static String importMapHash() {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream("webroot/index.html")) {
            if (in == null) throw new IllegalStateException("webroot/index.html is missing from the classpath");
            Matcher m = IMPORT_MAP.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!m.find()) throw new IllegalStateException("webroot/index.html has no import map");
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
