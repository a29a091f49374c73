package dev.vigil.lineprotocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One golden case of {@code src/test/resources/cases/line-protocol/<name>/}: {@code input.json}
 * (measurement, tags as [key, value] pairs, fields as [key, type, value], time), and either
 * {@code expected.line} (the exact text written, empty when no line is written) or
 * {@code error.txt} (a part of the refusal's message); {@code stored.json} says what InfluxDB
 * returns when that differs from the input (adjusted values), as {measurement, tags, fields}.
 */
record LineCase(String name, JsonNode input, String expectedLine, String error, JsonNode stored) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<LineCase> all() throws IOException, URISyntaxException {
        Path root = Path.of(LineCase.class.getResource("/cases/line-protocol").toURI());
        List<LineCase> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) cases.add(load(dir));
        }
        return cases.stream();
    }

    private static LineCase load(Path dir) {
        try {
            JsonNode input = JSON.readTree(dir.resolve("input.json").toFile());
            String expected = read(dir.resolve("expected.line"));
            String error = read(dir.resolve("error.txt"));
            Path stored = dir.resolve("stored.json");
            if ((expected == null) == (error == null)) {
                throw new IllegalStateException(dir + ": needs exactly one of expected.line and error.txt");
            }
            return new LineCase(dir.getFileName().toString(), input, expected, error == null ? null : error.strip(),
                    Files.exists(stored) ? JSON.readTree(stored.toFile()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("golden case " + dir, e);
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
    }

    /** Runs the case's input through the writer; returns what {@code end} returned. */
    boolean write(LineProtocolWriter w) {
        w.measurement(input.path("measurement").asText());
        for (JsonNode t : input.path("tags")) w.tag(t.get(0).asText(), t.get(1).asText());
        for (JsonNode f : input.path("fields")) {
            String key = f.get(0).asText();
            JsonNode v = f.get(2);
            switch (f.get(1).asText()) {
                case "float" -> w.floatField(key, v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble());
                case "integer" -> w.integerField(key, v.asLong());
                case "boolean" -> w.booleanField(key, v.asBoolean());
                case "string" -> w.stringField(key, v.isNull() ? null : v.asText());
                default -> throw new IllegalStateException(name + ": unknown field type " + f.get(1));
            }
        }
        return w.end(input.path("time").asLong());
    }

    long time() {
        return input.path("time").asLong();
    }

    /** The measurement InfluxDB should hold. */
    String storedMeasurement() {
        JsonNode src = stored != null && stored.has("measurement") ? stored : input;
        return src.path("measurement").asText();
    }

    /** The tags InfluxDB should hold (from stored.json, else the input's non-empty ones). */
    Map<String, String> storedTags() {
        Map<String, String> out = new LinkedHashMap<>();
        if (stored != null && stored.has("tags")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = stored.get("tags").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        }
        for (JsonNode t : input.path("tags")) {
            if (!t.get(0).asText().isEmpty() && !t.get(1).asText().isEmpty()) out.put(t.get(0).asText(), t.get(1).asText());
        }
        return out;
    }

    /** The fields InfluxDB should hold: key → [type, value] (from stored.json, else the input's non-null ones). */
    Map<String, JsonNode> storedFields() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (stored != null && stored.has("fields")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = stored.get("fields").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }
        for (JsonNode f : input.path("fields")) {
            if (f.get(2).isNull()) continue;
            JsonNode typeAndValue = JSON.createArrayNode().add(f.get(1)).add(f.get(2));
            out.put(f.get(0).asText(), typeAndValue);
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
