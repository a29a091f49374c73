package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/** The small InfluxDB 1.x HTTP client behind {@link InfluxServer}: ping, query, statements, writes. */
final class InfluxHttp {
    private final String url;
    private final String basicAuth;
    private final Supplier<String> diagnostics;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * @param url         base URL
     * @param user        user for basic authentication, or null
     * @param password    its password
     * @param diagnostics what to add to I/O errors (process state and log tail)
     */
    InfluxHttp(String url, String user, String password, Supplier<String> diagnostics) {
        this.url = url;
        this.basicAuth = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.diagnostics = diagnostics;
    }

    boolean ping() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/ping"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinging influxd", e);
        }
    }

    QueryResult query(String db, String influxql) {
        HttpResponse<String> resp = send(request("/query?epoch=ms&db=" + enc(db) + "&q=" + enc(influxql)).GET().build(),
                influxql);
        QueryResult result = QueryResult.parse(resp.body());
        if (resp.statusCode() != 200 || result.error() != null) {
            throw new IllegalStateException("InfluxQL '" + influxql + "' on " + db + " failed: HTTP "
                    + resp.statusCode() + " " + resp.body().strip());
        }
        return result;
    }

    void execute(String influxql) {
        HttpRequest req = request("/query")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + enc(influxql))).build();
        HttpResponse<String> resp = send(req, influxql);
        QueryResult result = QueryResult.parse(resp.body());
        if (resp.statusCode() != 200 || result.error() != null) {
            throw new IllegalStateException("InfluxQL '" + influxql + "' failed: HTTP " + resp.statusCode()
                    + " " + resp.body().strip());
        }
    }

    int write(String db, String lines) {
        HttpRequest req = request("/write?precision=ms&db=" + enc(db))
                .POST(HttpRequest.BodyPublishers.ofString(lines, StandardCharsets.UTF_8)).build();
        HttpResponse<String> resp = send(req, "write to " + db);
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException("write to " + db + " failed: HTTP " + resp.statusCode() + " "
                    + resp.body().strip());
        }
        return resp.statusCode();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (basicAuth != null) b.header("Authorization", basicAuth);
        return b;
    }

    private HttpResponse<String> send(HttpRequest req, String what) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("'" + what + "' to influxd at " + url + " failed " + diagnostics.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
