package dev.vigil.lineprotocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testkit.InfluxServer;
import dev.vigil.testkit.InfluxTest;
import dev.vigil.testkit.QueryResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every golden case: the exact line written, and the same line written to a real {@code influxd}
 * and read back, with the exact measurement, tags, field types and values.
 */
@InfluxTest
class LineProtocolGoldenTest {

    static Stream<LineCase> cases() throws Exception {
        return LineCase.all();
    }

    static Stream<LineCase> storedCases() throws Exception {
        return LineCase.all().filter(c -> c.expectedLine() != null && !c.expectedLine().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesExactly(LineCase c) {
        LineProtocolWriter w = new LineProtocolWriter(64);
        assertTrue(w.measurement("before").integerField("n", 1).end(1));
        String before = w.toString();
        if (c.error() != null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.write(w));
            assertTrue(e.getMessage().contains(c.error()), () -> "message: " + e.getMessage());
            return;
        }
        boolean written = c.write(w);
        assertEquals(!c.expectedLine().isEmpty(), written, "end() result");
        assertEquals(before + c.expectedLine(), w.toString());
        assertArrayEquals((before + c.expectedLine()).getBytes(StandardCharsets.UTF_8), w.toByteArray(), "UTF-8 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedCases")
    void influxdReadsBackExactlyWhatWasMeant(LineCase c, InfluxServer influx) {
        String db = influx.freshDatabase("lp_" + c.name());
        assertEquals(204, influx.writeLines(db, c.expectedLine()), () -> "write of " + c.expectedLine());

        QueryResult r = influx.query(db, "SELECT *::field FROM /.*/ GROUP BY *");
        assertEquals(1, r.series().size(), () -> "series: " + r.series());
        QueryResult.Series s = r.series().get(0);
        assertEquals(c.storedMeasurement(), s.name(), "measurement");
        Map<String, String> tags = new LinkedHashMap<>(s.tags());
        assertEquals(c.storedTags(), tags, "tags");
        assertEquals(1, s.size(), "rows");
        assertEquals(c.time(), ((Number) s.value(0, "time")).longValue(), "time");

        Map<String, String> types = fieldTypes(influx, db);
        Map<String, JsonNode> expected = c.storedFields();
        assertEquals(expected.keySet(), types.keySet(), "field keys");
        for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
            String key = e.getKey();
            String type = e.getValue().get(0).asText();
            JsonNode want = e.getValue().get(1);
            Object got = s.value(0, key);
            assertEquals(type, types.get(key), () -> "type of field " + key);
            switch (type) {
                case "float" -> assertEquals(want.isTextual() ? Double.parseDouble(want.asText()) : want.asDouble(),
                        ((Number) got).doubleValue(), 0.0, "field " + key);
                case "integer" -> assertEquals(want.asLong(), ((Number) got).longValue(), "field " + key);
                case "boolean" -> assertEquals(want.asBoolean(), got, "field " + key);
                default -> assertEquals(want.asText(), got, "field " + key);
            }
        }
    }

    private static Map<String, String> fieldTypes(InfluxServer influx, String db) {
        QueryResult keys = influx.query(db, "SHOW FIELD KEYS");
        assertFalse(keys.series().isEmpty(), "SHOW FIELD KEYS answered nothing");
        Map<String, String> types = new LinkedHashMap<>();
        for (List<Object> row : keys.series().get(0).values()) types.put((String) row.get(0), (String) row.get(1));
        return types;
    }
}
