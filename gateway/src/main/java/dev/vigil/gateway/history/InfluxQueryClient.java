package dev.vigil.gateway.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.gateway.storage.InfluxConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one InfluxDB reader of the history API: runs an InfluxQL query with {@code chunked=true} and
 * walks the answer with Jackson's streaming parser, handing each row to a callback as it arrives, so
 * no answer is ever held whole. Blocking: call it on a worker thread, never on an event loop.
 */
public final class InfluxQueryClient {
    private static final JsonFactory JSON = new JsonFactory();

    private final InfluxConfig config;
    private final HttpClient http;
    private final String auth;

    /** Receives rows in answer order; may throw to stop reading. */
    public interface Rows {
        /**
         * @param measurement series name
         * @param tags        GROUP BY tag values (empty without GROUP BY tags)
         * @param columns     column names ({@code time} first)
         * @param values      one value per column: Long (time, integers), Double, String, Boolean or null
         */
        void row(String measurement, Map<String, String> tags, List<String> columns, Object[] values) throws IOException;
    }

    /** InfluxDB refused the query or could not be reached. */
    public static final class QueryFailed extends RuntimeException {
        QueryFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public InfluxQueryClient(InfluxConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.timeoutMs())).build();
        this.auth = config.username() == null && config.password() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(((config.username() == null ? "vigil" : config.username())
                + ":" + (config.password() == null ? "" : config.password())).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code influxql} (times as epoch ms) and streams its rows, {@code chunkSize} rows per chunk from the server. */
    public void query(String influxql, int chunkSize, Rows rows) {
        String form = "db=" + enc(config.database()) + "&epoch=ms&chunked=true&chunk_size=" + chunkSize + "&q=" + enc(influxql);
        if (config.retentionPolicy() != null) form += "&rp=" + enc(config.retentionPolicy());
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(config.url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (auth != null) req.header("Authorization", auth);
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new QueryFailed("cannot reach InfluxDB at " + config.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryFailed("interrupted while querying InfluxDB", e);
        }
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                String body = new String(in.readNBytes(2000), StandardCharsets.UTF_8).strip();
                throw new QueryFailed("InfluxDB at " + config.url() + " answered HTTP " + resp.statusCode() + ": " + body, null);
            }
            parse(in, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects a small answer (counts, last values): rows of the first series as column maps. */
    public List<Map<String, Object>> small(String influxql) {
        List<Map<String, Object>> out = new ArrayList<>();
        query(influxql, 10_000, (m, tags, cols, vals) -> {
            Map<String, Object> row = new LinkedHashMap<>(tags);
            for (int i = 0; i < cols.size(); i++) row.put(cols.get(i), vals[i]);
            out.add(row);
        });
        return out;
    }

    private static void parse(InputStream in, Rows rows) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("results".equals(name)) {
                        while (p.nextToken() == JsonToken.START_OBJECT) result(p, rows);
                    } else if ("error".equals(name)) {
                        throw new QueryFailed("InfluxDB refused the query: " + p.getText(), null);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        }
    }

    private static void result(JsonParser p, Rows rows) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("series".equals(name)) {
                while (p.nextToken() == JsonToken.START_OBJECT) series(p, rows);
            } else if ("error".equals(name)) {
                throw new QueryFailed("InfluxDB refused the query: " + p.getText(), null);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void series(JsonParser p, Rows rows) throws IOException {
        String measurement = null;
        Map<String, String> tags = Map.of();
        List<String> columns = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "name" -> measurement = p.getText();
                case "tags" -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        m.put(k, p.getText());
                    }
                    tags = m;
                }
                case "columns" -> {
                    List<String> c = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) c.add(p.getText());
                    columns = List.copyOf(c);
                }
                case "values" -> {
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        Object[] values = new Object[columns.size()];
                        int i = 0;
                        for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                            Object o = switch (v) {
                                case VALUE_NUMBER_INT -> p.getLongValue();
                                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                                case VALUE_TRUE -> Boolean.TRUE;
                                case VALUE_FALSE -> Boolean.FALSE;
                                case VALUE_NULL -> null;
                                default -> p.getText();
                            };
                            if (i < values.length) values[i] = o;
                            i++;
                        }
                        rows.row(measurement, tags, columns, values);
                    }
                }
                default -> {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) p.skipChildren();
                }
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public InfluxConfig config() {
        return config;
    }
}
