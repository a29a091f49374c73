package dev.vigil.lineprotocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes points as InfluxDB 1.x line protocol, UTF-8 encoded, into the writer's own reusable byte
 * buffer: {@code measurement(..).tag(..)...floatField(..)...end(time)}, one line per point, no
 * allocation per point (numbers are formatted straight into the buffer). Reuse one writer across
 * points and batches ({@link #clear}); read the bytes with {@link #array} and {@link #length}, or
 * copy them out ({@link #toByteArray}, {@link #toString}).
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
 * <p>Numbers: floats as the shortest decimal that reads back as the same double (the nearest one
 * when several are as short), in Java's layout ({@code 21.0}, {@code -0.0}, {@code 1.0E-7},
 * {@code 1.0E21}: plain from 10<sup>-3</sup> up to 10<sup>7</sup>, else with an exponent), integers
 * with the {@code i} suffix, booleans {@code true}/{@code false}. A string that is not valid UTF-16
 * (a lone surrogate) has that character written as {@code ?}, as {@link String#getBytes} does. The timestamp is written as given;
 * its precision is the one the write request names (Vigil writes milliseconds). Not thread-safe.
 */
public final class LineProtocolWriter {
    private static final int MEASUREMENT = 0;
    private static final int TAG = 1;
    private static final int FIELD_KEY = 2;

    private static final int INITIAL = 4096;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    private static final double[] POW10 = new double[18];
    private static final long[] LONG_POW10 = new long[19];

    static {
        double d = 1;
        long l = 1;
        for (int i = 0; i < LONG_POW10.length; i++) {
            if (i < POW10.length) POW10[i] = d;
            LONG_POW10[i] = l;
            d *= 10;
            l *= 10;
        }
    }

    private final int initialCapacity;
    private byte[] buf;
    private int len;
    /** Start of the open line, or -1 when no line is open. */
    private int lineStart = -1;
    private int fields;

    /** A writer with a 4 KiB buffer that grows as needed. */
    public LineProtocolWriter() {
        this(INITIAL);
    }

    /** A writer whose buffer starts at {@code initialCapacity} bytes and grows as needed. */
    public LineProtocolWriter(int initialCapacity) {
        this.initialCapacity = Math.max(64, initialCapacity);
        this.buf = new byte[this.initialCapacity];
    }

    /** Bytes written so far (complete lines, plus the open line if any). */
    public int length() {
        return len;
    }

    /** The buffer; bytes {@code 0 .. length()-1} are the lines written. Valid until the next write. */
    public byte[] array() {
        return buf;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The lines written, decoded. */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /** Empties the buffer (and drops an open line) for the next batch. */
    public void clear() {
        len = 0;
        lineStart = -1;
    }

    /** Empties the buffer, and gives memory back when it has grown beyond {@code maxCapacity} bytes. */
    public void clear(int maxCapacity) {
        clear();
        if (buf.length > maxCapacity) buf = new byte[initialCapacity];
    }

    /** Starts a line (a point) with its measurement. */
    public LineProtocolWriter measurement(String name) {
        if (lineStart >= 0) throw new IllegalStateException("measurement() while a line is open: call end() first");
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty measurement name");
        if (name.charAt(0) == '#') {
            throw new IllegalArgumentException("measurement '" + name + "' starts with '#', which makes the line a comment");
        }
        lineStart = len;
        fields = 0;
        escaped(name, MEASUREMENT);
        return this;
    }

    /** Adds a tag; left out when the key or the value is null or empty. Tags come before fields. */
    public LineProtocolWriter tag(String key, String value) {
        if (lineStart < 0) throw new IllegalStateException("tag() before measurement()");
        if (fields > 0) throw new IllegalStateException("tag '" + key + "' after a field: tags come first");
        if (key == null || key.isEmpty() || value == null || value.isEmpty()) return this;
        int mark = len;
        put(',');
        int keyStart = len;
        escaped(key, TAG);
        if (len == keyStart) {
            len = mark;
            return this;
        }
        put('=');
        int valueStart = len;
        escaped(value, TAG);
        if (len == valueStart) len = mark;
        return this;
    }

    /** Adds a float field; left out when NaN or infinite (InfluxDB refuses them). */
    public LineProtocolWriter floatField(String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            checkOpen();
            return this;
        }
        fieldKey(key);
        putDouble(value);
        return this;
    }

    /** Adds an integer field ({@code 42i}). */
    public LineProtocolWriter integerField(String key, long value) {
        fieldKey(key);
        putLong(value);
        put('i');
        return this;
    }

    /** Adds a boolean field. */
    public LineProtocolWriter booleanField(String key, boolean value) {
        fieldKey(key);
        put(value ? TRUE : FALSE);
        return this;
    }

    /** Adds a string field (double quotes and backslashes escaped); left out when null. */
    public LineProtocolWriter stringField(String key, String value) {
        if (value == null) {
            checkOpen();
            return this;
        }
        fieldKey(key);
        put('"');
        int n = value.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                utf8(value, from, i);
                put('\\');
                put(c);
                from = i + 1;
            }
        }
        utf8(value, from, n);
        put('"');
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
            len = lineStart;
            lineStart = -1;
            return false;
        }
        put(' ');
        putLong(timestamp);
        put('\n');
        lineStart = -1;
        return true;
    }

    /** Removes the open line, if any, from the buffer. */
    public void discard() {
        if (lineStart >= 0) len = lineStart;
        lineStart = -1;
    }

    private void checkOpen() {
        if (lineStart < 0) throw new IllegalStateException("field or end() before measurement()");
    }

    private void fieldKey(String key) {
        checkOpen();
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("empty field key");
        put(fields++ == 0 ? ' ' : ',');
        int keyStart = len;
        escaped(key, FIELD_KEY);
        if (len == keyStart) throw new IllegalArgumentException("field key '" + key + "' is only backslashes");
        put('=');
    }

    /** Appends a measurement, key or tag value with the escaping of its kind (see the class comment). */
    private void escaped(String s, int kind) {
        int n = s.length();
        int i = 0;
        while (i < n && plain(s.charAt(i), kind)) i++;
        if (i == n) {
            utf8(s, 0, n);
            return;
        }
        utf8(s, 0, i);
        for (; i < n; i++) {
            if (plain(s.charAt(i), kind)) {
                int j = i + 1;
                while (j < n && plain(s.charAt(j), kind)) j++;
                utf8(s, i, j);
                i = j - 1;
                continue;
            }
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
                for (int k = 0; k < run; k++) put('\\');
                i = j - 1;
            } else if (escapes(c, kind)) {
                put('\\');
                put(c);
            } else {
                put(c);
            }
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    /** An ASCII character. */
    private void put(char c) {
        if (len == buf.length) ensure(1);
        buf[len++] = (byte) c;
    }

    private void put(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, buf, len, ascii.length);
        len += ascii.length;
    }

    /** {@code s[from, to)} as UTF-8; a lone surrogate becomes '?', as {@link String#getBytes} writes it. */
    private void utf8(String s, int from, int to) {
        ensure((to - from) * 3);
        byte[] b = buf;
        int p = len;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                b[p++] = '?';
            }
        }
        len = p;
    }

    private void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            put(MIN_LONG);
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        while (digits < 19 && v >= LONG_POW10[digits]) digits++;
        putDigits(v, digits);
    }

    /** {@code v} (non-negative) as exactly {@code digits} digits, with leading zeros; room ensured by the caller. */
    private void putDigits(long v, int digits) {
        int end = len + digits;
        for (int p = end - 1; p >= len; p--) {
            buf[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = end;
    }

    /**
     * A finite double as the shortest decimal that reads back as the same double (the nearest of
     * those when several are as short), in Java's layout. Between 10^-3 and 10^7 (readings, mostly)
     * exactly and without allocation: with {@code v = c * 2^-s}, for k = 0, 1, ... fraction digits
     * the integers next to {@code v * 10^k = c * 10^k / 2^s} (computed in 128 bits) are tried against
     * v's rounding interval, half an ulp either side (a quarter below a power of two; the ends count
     * when c is even, as the parser rounds half to even). Anything else goes the slow, exact way
     * ({@link ShortestDecimal}).
     */
    private void putDouble(double v) {
        if (v == 0) {
            put(1 / v < 0 ? NEGATIVE_ZERO : ZERO);
            return;
        }
        ensure(32);
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e7) {
            long bits = Double.doubleToRawLongBits(a);
            long c = bits & 0xF_FFFF_FFFF_FFFFL | 1L << 52;
            int shift = 1075 - (int) (bits >>> 52);
            boolean even = (c & 1) == 0;
            int lowerFactor = c == 1L << 52 ? 4 : 2;
            long one = 1L << shift;
            for (int k = 0; k <= 17 && a * POW10[k] < 1e17; k++) {
                long t = LONG_POW10[k];
                long lo = c * t;
                long hi = Math.multiplyHigh(c, t);
                long floor = hi << (64 - shift) | lo >>> shift;
                long below = lo & (one - 1);
                long above = one - below;
                boolean floorOk = floor > 0 && below <= t && (below * lowerFactor < t || even && below * lowerFactor == t);
                boolean ceilOk = above <= t && (above * 2 < t || even && above * 2 == t);
                if (!floorOk && !ceilOk) continue;
                long m = floorOk && (!ceilOk || below < above || below == above && (floor & 1) == 0) ? floor : floor + 1;
                if (v < 0) buf[len++] = '-';
                long whole = m / t;
                int digits = 1;
                while (whole >= LONG_POW10[digits]) digits++;
                putDigits(whole, digits);
                buf[len++] = '.';
                if (k == 0) buf[len++] = '0';
                else putDigits(m % t, k);
                return;
            }
        }
        put(ShortestDecimal.of(v));
    }

    private static final byte[] ZERO = {'0', '.', '0'};
    private static final byte[] NEGATIVE_ZERO = {'-', '0', '.', '0'};

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
