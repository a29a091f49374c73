package dev.vigil.gateway.history;

import dev.vigil.gateway.config.GatewayConfig;
import dev.vigil.gateway.support.TestGateway;
import dev.vigil.testkit.InfluxDatabase;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

/** Starts a gateway (no rules) with one CEMS analyser, one vehicle and one elevator, and talks HTTP to it. */
final class HistoryFixture {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HistoryFixture() {}

    static TestGateway start(Path dir, InfluxDatabase db) throws Exception {
        GatewayConfig base = GatewayConfig.defaults().withFiles(TestGateway.profilesWithoutRules(), null, null, "../zones/wuhai");
        return TestGateway.start(dir, db, Map.of("cems-001", "emission-cems", "veh-0001", "hazmat-vehicle",
                "elv-0001", "elevator"), base);
    }

    /** Waits for a condition (polling every 20 ms), failing after the timeout. */
    static void await(String what, long timeoutMs, java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(java.time.Duration.ofMillis(timeoutMs))
                .pollInterval(java.time.Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    static long ms(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> get(TestGateway gw, String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + pathAndQuery))
                .header("Authorization", TestGateway.ADMIN_AUTH).timeout(Duration.ofSeconds(60)).GET().build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<byte[]> getBytes(TestGateway gw, String pathAndQuery, String user) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.httpPort() + pathAndQuery))
                .header("Authorization", TestGateway.ADMIN_AUTH).timeout(Duration.ofSeconds(60)).GET();
        if (user != null) req.header("X-Vigil-User", user);
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
