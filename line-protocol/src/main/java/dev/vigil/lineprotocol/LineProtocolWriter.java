package dev.vigil.lineprotocol;

/**
 * Writes points as InfluxDB 1.x line protocol into a caller-owned, reusable {@link StringBuilder}:
 * {@code measurement(..).tag(..)...floatField(..)...end(time)}, one line per point, no allocation
 * per point.
 *
 * <p>Escaping, as InfluxDB 1.x reads it back (each rule has a golden case and a round trip through
 * a real {@code influxd} in this module's tests):
 * <ul>
 *   <li>measurement: comma and space are written {@code \,} and {@code \ }; equals signs and double
 *       quotes stay as they are;</li>
 *   <li>tag keys, tag values and field keys: comma, equals sign and space are written {@code \,},
 *       {@code \=} and {@code \ }; field keys also escape the double quote ({@code \"});</li>
 *   <li>string field values: double quote and backslash are written {@code \"} and {@code \\}; line
 *       breaks and every other character are written as they are;</li>
 *   <li>a backslash before any other character is written as it is (InfluxDB 1.x keeps it).</li>
 * </ul>
 *
 * <p>What InfluxDB 1.x cannot carry outside a string field is adjusted, never refused, so that one
 * odd enterprise name cannot fail a whole batch: a line break (CR or LF) in a measurement, key or
 * tag value becomes a space; backslashes at the end of one are dropped, and so are, in a
 * measurement, backslashes before a comma, space, equals sign or double quote and, in a field key,
 * the odd one of a run of backslashes before a character it escapes (InfluxDB 1.x reads such a
 * field key's backslashes in pairs); a tag whose key or value is empty, or becomes empty, is left
 * out; a float field that is NaN or infinite and a string field that is null are left out; a
 * line without any field is not written at all ({@link #end} returns false).
 * Programming errors are refused: an empty measurement or field key, a measurement starting with
 * {@code #} (a comment line), a tag after a field, a field or tag before a measurement.
 *
 * <p>Numbers: floats in Java's shortest round-trip form ({@code 21.0}, {@code 1.0E-7}), integers
 * with the {@code i} suffix, booleans {@code true}/{@code false}. The timestamp is written as given;
 * its precision is the one the write request names (Vigil writes milliseconds). Not thread-safe.
 */
public final class LineProtocolWriter {
    private static final int MEASUREMENT = 0;
    private static final int TAG = 1;
    private static final int FIELD_KEY = 2;

    private final StringBuilder out;
    /** Start of the open line, or -1 when no line is open. */
    private int lineStart = -1;
    private int fields;

    /** A writer appending to {@code out}; reuse both across points and batches. */
    public LineProtocolWriter(StringBuilder out) {
        this.out = out;
    }

    /** The buffer this writer appends to. */
    public StringBuilder buffer() {
        return out;
    }

    /** Starts a line (a point) with its measurement. */
    public LineProtocolWriter measurement(String name) {
        if (lineStart >= 0) throw new IllegalStateException("measurement() while a line is open: call end() first");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty measurement name");
        if (name.charAt(0) == '#') {
            throw new IllegalArgumentException("measurement '" + name + "' starts with '#', which makes the line a comment");
        }
        lineStart = out.length();
        fields = 0;
        escaped(name, MEASUREMENT);
        return this;
    }

    /** Adds a tag; left out when the key or the value is null or empty. Tags come before fields. */
    public LineProtocolWriter tag(String key, String value) {
        if (lineStart < 0) throw new IllegalStateException("tag() before measurement()");
        if (fields > 0) throw new IllegalStateException("tag '" + key + "' after a field: tags come first");
        if (key == null || key.isEmpty() || value == null || value.isEmpty()) return this;
        int mark = out.length();
        out.append(',');
        int keyStart = out.length();
        escaped(key, TAG);
        if (out.length() == keyStart) {
            out.setLength(mark);
            return this;
        }
        out.append('=');
        int valueStart = out.length();
        escaped(value, TAG);
        if (out.length() == valueStart) out.setLength(mark);
        return this;
    }

    /** Adds a float field; left out when NaN or infinite (InfluxDB refuses them). */
    public LineProtocolWriter floatField(String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            checkOpen();
            return this;
        }
        fieldKey(key).append(value);
        return this;
    }

    /** Adds an integer field ({@code 42i}). */
    public LineProtocolWriter integerField(String key, long value) {
        fieldKey(key).append(value).append('i');
        return this;
    }

    /** Adds a boolean field. */
    public LineProtocolWriter booleanField(String key, boolean value) {
        fieldKey(key).append(value);
        return this;
    }

    /** Adds a string field (double quotes and backslashes escaped); left out when null. */
    public LineProtocolWriter stringField(String key, String value) {
        if (value == null) {
            checkOpen();
            return this;
        }
        fieldKey(key).append('"');
        int n = value.length();
        int i = 0;
        while (i < n && value.charAt(i) != '"' && value.charAt(i) != '\\') i++;
        if (i == n) {
            out.append(value);
        } else {
            out.append(value, 0, i);
            for (; i < n; i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') out.append('\\');
                out.append(c);
            }
        }
        out.append('"');
        return this;
    }

    /**
     * Ends the line with its timestamp and a newline.
     *
     * @return true when the line was written; false, removing the whole line, when it has no field
     */
    public boolean end(long timestamp) {
        checkOpen();
        if (fields == 0) {
            out.setLength(lineStart);
            lineStart = -1;
            return false;
        }
        out.append(' ').append(timestamp).append('\n');
        lineStart = -1;
        return true;
    }

    /** Removes the open line, if any, from the buffer. */
    public void discard() {
        if (lineStart >= 0) out.setLength(lineStart);
        lineStart = -1;
    }

    private void checkOpen() {
        if (lineStart < 0) throw new IllegalStateException("field or end() before measurement()");
    }

    private StringBuilder fieldKey(String key) {
        checkOpen();
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("empty field key");
        out.append(fields++ == 0 ? ' ' : ',');
        int keyStart = out.length();
        escaped(key, FIELD_KEY);
        if (out.length() == keyStart) throw new IllegalArgumentException("field key '" + key + "' is only backslashes");
        return out.append('=');
    }

    /** Appends a measurement, key or tag value with the escaping of its kind (see the class comment). */
    private void escaped(String s, int kind) {
        int n = s.length();
        int i = 0;
        while (i < n && plain(s.charAt(i), kind)) i++;
        if (i == n) {
            out.append(s);
            return;
        }
        out.append(s, 0, i);
        for (; i < n; i++) {
            char c = lineBreakAsSpace(s.charAt(i));
            if (c == '\\') {
                int j = i + 1;
                while (j < n && s.charAt(j) == '\\') j++;
                int run = j - i;
                if (j == n) {
                    run = 0;
                } else {
                    char next = lineBreakAsSpace(s.charAt(j));
                    if (kind == MEASUREMENT && measurementDropsBackslashBefore(next)) run = 0;
                    else if (kind == FIELD_KEY && escapes(next, FIELD_KEY)) run &= ~1;
                }
                out.append(s, i, i + run);
                i = j - 1;
            } else if (escapes(c, kind)) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
    }

    private static char lineBreakAsSpace(char c) {
        return c == '\n' || c == '\r' ? ' ' : c;
    }

    /** True for a character written as it is, with nothing to look at around it. */
    private static boolean plain(char c, int kind) {
        return c > '\\' || !CARE[kind][c];
    }

    /** Per kind, the characters up to the backslash that need a look: line breaks, backslash, escaped ones. */
    private static final boolean[][] CARE = new boolean[3][];

    static {
        for (int kind = 0; kind < 3; kind++) {
            CARE[kind] = new boolean['\\' + 1];
            for (char c = 0; c <= '\\'; c++) CARE[kind][c] = c == '\\' || c == '\n' || c == '\r' || escapes(c, kind);
        }
    }

    private static boolean escapes(char c, int kind) {
        return switch (kind) {
            case MEASUREMENT -> c == ',' || c == ' ';
            case TAG -> c == ',' || c == '=' || c == ' ';
            default -> c == ',' || c == '=' || c == ' ' || c == '"';
        };
    }

    /** InfluxDB 1.x reads a measurement's backslash before these as an escape, whatever is written. */
    private static boolean measurementDropsBackslashBefore(char c) {
        return c == ',' || c == ' ' || c == '=' || c == '"';
    }
}
