package dev.vigil.gateway.history;

/**
 * Quoting for InfluxQL: every identifier and string literal the history API puts into a query goes
 * through here (after the value was checked against the registry and profile).
 */
public final class InfluxQl {
    private InfluxQl() {}

    /** A double-quoted identifier (measurement, field, tag key), with backslashes and quotes escaped. */
    public static String ident(String name) {
        return "\"" + escape(name, '"') + "\"";
    }

    /** A single-quoted string literal, with backslashes and quotes escaped. */
    public static String string(String value) {
        return "'" + escape(value, '\'') + "'";
    }

    private static String escape(String s, char quote) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c == quote) sb.append('\\');
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** A time bound in milliseconds ({@code 1767225600000ms}). */
    public static String ms(long epochMillis) {
        return epochMillis + "ms";
    }
}
