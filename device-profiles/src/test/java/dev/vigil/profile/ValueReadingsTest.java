package dev.vigil.profile;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readings an adapter hands over as plain values ({@link Reading}) get exactly the checks, reasons
 * and messages a JSON payload gets: every JSON golden case that plain values can express is run
 * again through {@link TelemetryDecoder#decodeValues} against the same expected.yaml.
 */
class ValueReadingsTest {

    @TestFactory
    Stream<DynamicTest> jsonGoldenCasesGiveTheSameOutcomeAsPlainValues() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : PayloadGoldenCasesTest.caseDirs()) {
            Path json = dir.resolve("payload.json");
            if (!Files.exists(json)) continue;
            List<Reading> readings = asReadings(json);
            if (readings == null) continue;
            tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
                PayloadGoldenCasesTest.Case c = PayloadGoldenCasesTest.Case.load(dir);
                c.check("modbus", () -> c.decoder().decodeValues(c.device(), c.profile(), readings, c.receivedAt(), "modbus"));
            }));
        }
        assertTrue(tests.size() >= 20, "cases that plain values can express: " + tests.size());
        return tests.stream();
    }

    @Test
    void javaNumberTypesAreCheckedAsNumbers() {
        DeviceProfile elevator = ProfileLoader.loadFile(PayloadGoldenCasesTest.SHIPPED.resolve("elevator.yaml"));
        Device d = new Device("elv-1", "elevator", "", "", Map.of(), null, null);
        TelemetryDecoder decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
        long now = 1764230400000L;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("floor", 7);                                  // Integer
        values.put("speed", 1.5f);                               // Float
        values.put("fault_code", new java.math.BigDecimal("41")); // BigDecimal
        Telemetry t = decoder.decodeValues(d, elevator, List.of(new Reading(null, values)), now, "hj212").get(0);
        assertEquals(Map.of("floor", 7L, "speed", 1.5, "fault_code", 41L), t.asMap());
        assertEquals(now, t.time(), "no ts: the receive time");

        Rejection nan = assertThrows(Rejection.class, () -> decoder.decodeValues(d, elevator,
                List.of(new Reading(now, Map.of("speed", Double.NaN))), now, "modbus"));
        assertEquals("field 'speed': NaN is not a finite number", nan.getMessage());
        assertEquals(Rejection.Reason.OUT_OF_RANGE, nan.reason());

        Rejection other = assertThrows(Rejection.class, () -> decoder.decodeValues(d, elevator,
                List.of(new Reading(now, Map.of("floor", java.time.Duration.ofSeconds(3)))), now, "modbus"));
        assertEquals(Rejection.Reason.WRONG_TYPE, other.reason());
        assertEquals("field 'floor': expected a number, boolean or string, got Duration", other.getMessage());
    }

    /** The payload as plain-value readings, or null when plain values cannot say it (ThingsBoard shape, nesting, bad JSON). */
    private static List<Reading> asReadings(Path json) throws IOException {
        JsonNode root;
        try {
            root = TelemetryDecoder.parseJson(Files.readAllBytes(json));
        } catch (Rejection malformed) {
            return null;
        }
        List<JsonNode> objects = new ArrayList<>();
        if (root.isArray()) root.forEach(objects::add);
        else objects.add(root);
        List<Reading> out = new ArrayList<>();
        for (JsonNode o : objects) {
            if (!o.isObject() || o.has("values")) return null;
            JsonNode ts = o.get("ts");
            if (ts != null && !ts.isIntegralNumber()) return null;
            Map<String, Object> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("ts")) continue;
                JsonNode v = e.getValue();
                if (v.isContainerNode()) return null;
                values.put(e.getKey(), v.isNull() ? null : v.isIntegralNumber() ? (Object) v.longValue()
                        : v.isNumber() ? (Object) v.doubleValue() : v.isBoolean() ? (Object) v.booleanValue() : v.textValue());
            }
            out.add(new Reading(ts == null ? null : ts.longValue(), values));
        }
        return out;
    }
}
