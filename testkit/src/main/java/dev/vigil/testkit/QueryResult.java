package dev.vigil.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed JSON answer of InfluxDB's {@code /query}: the series of all statements, with their
 * tags, columns and rows. Whole numbers come back as {@link Long}, others as {@link Double} (note
 * that InfluxDB prints a float such as 21.0 as {@code 21}; use {@code SHOW FIELD KEYS} for types).
 *
 * @param series every series of every statement, in answer order
 * @param error  the first error reported by the server or a statement, or null
 */
public record QueryResult(List<Series> series, String error) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /**
     * One series of an answer.
     *
     * @param name    measurement name (or e.g. "databases" for SHOW DATABASES)
     * @param tags    tag values of a GROUP BY series (empty otherwise)
     * @param columns column names
     * @param values  rows, each aligned with {@code columns}
     */
    public record Series(String name, Map<String, String> tags, List<String> columns, List<List<Object>> values) {

        /** Number of rows. */
        public int size() {
            return values.size();
        }

        /** Index of a column; fails naming the available columns when absent. */
        public int columnIndex(String column) {
            int i = columns.indexOf(column);
            if (i < 0) throw new IllegalArgumentException("no column '" + column + "' in " + name + " " + columns);
            return i;
        }

        /** The value at a row and column. */
        public Object value(int row, String column) {
            return values.get(row).get(columnIndex(column));
        }

        /** All values of a column, top to bottom. */
        public List<Object> column(String column) {
            int i = columnIndex(column);
            List<Object> out = new ArrayList<>(values.size());
            for (List<Object> row : values) out.add(row.get(i));
            return out;
        }

        /** The rows as column-name → value maps (null values included), in column order. */
        public List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>(values.size());
            for (List<Object> row : values) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) m.put(columns.get(i), row.get(i));
                out.add(m);
            }
            return out;
        }

        /** One row as a column-name → value map. */
        public Map<String, Object> row(int row) {
            return rows().get(row);
        }
    }

    /** Parses the JSON body of a {@code /query} answer. */
    public static QueryResult parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an InfluxDB query answer: " + json, e);
        }
        String error = root.hasNonNull("error") ? root.get("error").asText() : null;
        List<Series> series = new ArrayList<>();
        for (JsonNode result : root.path("results")) {
            if (error == null && result.hasNonNull("error")) error = result.get("error").asText();
            for (JsonNode s : result.path("series")) series.add(series(s));
        }
        return new QueryResult(List.copyOf(series), error);
    }

    private static Series series(JsonNode s) {
        Map<String, String> tags = new LinkedHashMap<>();
        s.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        List<String> columns = new ArrayList<>();
        for (JsonNode c : s.path("columns")) columns.add(c.asText());
        List<List<Object>> values = new ArrayList<>();
        for (JsonNode row : s.path("values")) {
            List<Object> r = new ArrayList<>(row.size());
            for (JsonNode v : row) r.add(scalar(v));
            values.add(java.util.Collections.unmodifiableList(r));
        }
        return new Series(s.path("name").asText(null), Map.copyOf(tags), List.copyOf(columns), List.copyOf(values));
    }

    private static Object scalar(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber()) return v.longValue();
        if (v.isNumber()) return v.doubleValue();
        return v.asText();
    }

    /** True when the answer holds no series. */
    public boolean isEmpty() {
        return series.isEmpty();
    }

    /** The only series; fails when there are none or several. */
    public Series single() {
        if (series.size() != 1) {
            throw new IllegalStateException("expected exactly one series, got " + series.size() + ": " + series);
        }
        return series.get(0);
    }

    /** The first series of the given measurement name; fails when there is none. */
    public Series series(String name) {
        for (Series s : series) if (name.equals(s.name())) return s;
        throw new IllegalStateException("no series '" + name + "' in " + series);
    }
}
