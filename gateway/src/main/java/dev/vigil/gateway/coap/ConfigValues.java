package dev.vigil.gateway.coap;

import java.util.Map;

/** Typed reads from a parsed YAML section, with errors that name the full key. */
final class ConfigValues {
    private ConfigValues() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> parent, String key, String path) {
        Object v = parent == null ? null : parent.get(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException(path + ": expected a section (map), got " + v);
        return (Map<String, Object>) m;
    }

    static boolean bool(Map<String, Object> m, String key, String path, boolean fallback) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new IllegalArgumentException(path + ": expected true or false, got " + v);
    }

    static double number(Map<String, Object> m, String key, String path, double fallback) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(path + ": expected a number, got " + v);
    }

    static String string(Map<String, Object> m, String key, String path, String fallback) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return fallback;
        if (v instanceof String s) return s;
        throw new IllegalArgumentException(path + ": expected a string, got " + v);
    }
}
