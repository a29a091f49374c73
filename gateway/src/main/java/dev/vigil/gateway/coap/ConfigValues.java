package dev.vigil.gateway.coap;

import java.util.Map;

/** Typed reads from a parsed YAML section, with errors that name the full key. */
final class ConfigValues {
    private ConfigValues() {}

    static boolean bool(Map<String, Object> m, String key, String path, boolean fallback) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) return Boolean.parseBoolean(s);
        throw new IllegalArgumentException(path + ": expected true or false, got " + v);
    }

    static double number(Map<String, Object> m, String key, String path, double fallback) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip()); // environment overrides arrive as text
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException(path + ": expected a number, got " + v);
    }

    static int integer(Map<String, Object> m, String key, String path, int fallback) {
        double d = number(m, key, path, fallback);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new IllegalArgumentException(path + ": expected a whole number, got " + m.get(key));
        return (int) d;
    }

    static String string(Map<String, Object> m, String key, String path, String fallback) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return fallback;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(path + ": expected a string, got " + v);
    }
}
