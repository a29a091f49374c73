package dev.vigil.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Turns adapter-produced {@link Reading}s into the JSON tree the decoder validates, keeping each
 * value's Java type as the matching JSON node type (a Long stays an integer, a NaN stays a NaN),
 * so nothing is checked or converted on the way.
 */
final class ValueTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueTree() {}

    /** One reading becomes one object, several an array of objects (a batch). */
    static JsonNode of(List<Reading> readings, DeviceProfile profile) {
        if (readings.size() == 1) return reading(readings.get(0), profile);
        ArrayNode a = NODES.arrayNode(readings.size());
        for (Reading r : readings) a.add(reading(r, profile));
        return a;
    }

    private static ObjectNode reading(Reading r, DeviceProfile profile) {
        ObjectNode o = NODES.objectNode();
        if (r.ts() != null) o.put("ts", r.ts());
        // ThingsBoard's {ts, values} shape keeps a value named "ts" a field (and so an unknown
        // one), unless the profile itself has a field called "values".
        ObjectNode values = profile.index("values") < 0 ? o.putObject("values") : o;
        for (Map.Entry<String, Object> e : r.values().entrySet()) {
            if (values == o && e.getKey().equals("ts")) {
                throw new Rejection(Rejection.Reason.UNKNOWN_FIELD, "ts", "unknown field 'ts': the reading's time goes in Reading.ts");
            }
            values.set(e.getKey(), node(e.getKey(), e.getValue()));
        }
        return o;
    }

    private static JsonNode node(String field, Object v) {
        if (v == null) return NODES.nullNode();
        if (v instanceof Double d) return NODES.numberNode(d);
        if (v instanceof Float f) return NODES.numberNode(f);
        if (v instanceof Long l) return NODES.numberNode(l);
        if (v instanceof Integer i) return NODES.numberNode(i);
        if (v instanceof Short s) return NODES.numberNode(s);
        if (v instanceof Byte b) return NODES.numberNode(b);
        if (v instanceof BigDecimal d) return NODES.numberNode(d);
        if (v instanceof BigInteger i) return NODES.numberNode(i);
        if (v instanceof Boolean b) return NODES.booleanNode(b);
        if (v instanceof CharSequence s) return NODES.textNode(s.toString());
        throw new Rejection(Rejection.Reason.WRONG_TYPE, field, "field '" + field
                + "': expected a number, boolean or string, got " + v.getClass().getSimpleName());
    }
}
