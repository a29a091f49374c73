package dev.vigil.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Types one configuration value by the record component it goes to: YAML scalars as they are,
 * environment text parsed the same way. Refusals say what was expected and what came
 * ({@code expected an integer, got "abc"}).
 */
final class Scalars {
    private Scalars() {}

    static Object convert(JsonNode n, Class<?> type) {
        if (type == String.class) {
            if (n.isValueNode()) return n.asText();
            throw expected("text", n);
        }
        if (type == boolean.class || type == Boolean.class) {
            if (n.isBoolean()) return n.booleanValue();
            String s = n.isTextual() ? n.textValue().strip().toLowerCase(Locale.ROOT) : "";
            if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
            throw expected("true or false", n);
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            BigDecimal d = number(n);
            long max = type == int.class || type == Integer.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            long min = type == int.class || type == Integer.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
            if (d == null || d.stripTrailingZeros().scale() > 0) throw expected("an integer", n);
            if (d.compareTo(BigDecimal.valueOf(max)) > 0 || d.compareTo(BigDecimal.valueOf(min)) < 0) {
                throw new IllegalArgumentException("expected an integer from " + min + " to " + max + ", got " + shown(n));
            }
            return type == int.class || type == Integer.class ? (Object) d.intValue() : (Object) d.longValue();
        }
        if (type == double.class || type == Double.class) {
            BigDecimal d = number(n);
            if (d == null) throw expected("a number", n);
            return d.doubleValue();
        }
        throw new IllegalStateException("no conversion to " + type + " for configuration values");
    }

    private static BigDecimal number(JsonNode n) {
        if (n.isNumber()) return n.decimalValue();
        if (!n.isTextual()) return null;
        try {
            return new BigDecimal(n.textValue().strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static IllegalArgumentException expected(String what, JsonNode n) {
        return new IllegalArgumentException("expected " + what + ", got " + shown(n));
    }

    /** The value as a user wrote it: text in quotes, numbers and booleans bare, structures by kind. */
    static String shown(JsonNode n) {
        if (n.isTextual()) return '"' + n.textValue() + '"';
        if (n.isObject()) return "a section (" + n + ")";
        if (n.isArray()) return "a list " + n;
        return n.toString();
    }
}
