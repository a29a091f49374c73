package dev.vigil.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.TreeTraversingParser;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a payload (JSON or CBOR) into validated {@link Telemetry} records for one device, or
 * refuses it with a {@link Rejection} naming the reading and field at fault.
 *
 * <p>Accepted shapes: {@code {"ts": 1700000000000, "speed": 1.2, ...}} ("ts" optional, epoch ms),
 * ThingsBoard's {@code {"ts": ..., "values": {...}}}, or an array of either (a backfill).
 * A batch is all-or-nothing: one bad reading refuses the whole payload, so a device never has to
 * guess which part was stored.
 *
 * <p>How: one streaming pass ({@link JsonParser}, the CBOR parser for CBOR) puts each value
 * straight into its slot of the profile's reading layout ({@link Telemetry#values()}), checking it
 * on the way; no tree is built. Duplicate keys are found with a bit per profile field. A refusal
 * is what a parse into a tree followed by validation would have said: the pass keeps going after
 * the first problem it sees and reports them in that order (syntax and duplicate keys first, then
 * the batch size, then per reading its shape, its "ts", its fields in payload order); on any
 * problem the payload is parsed once more with Jackson's strict duplicate detection
 * ({@link #parseJson}/{@link #parseCbor}) so that a syntax error or duplicate key is reported
 * exactly as Jackson words it.
 */
public final class TelemetryDecoder {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper CBOR = CBORMapper.builder(new CBORFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** The same parsers without duplicate detection (a hash set per object): the streaming pass has its bits. */
    private static final ObjectMapper JSON_STREAM = JsonMapper.builder().build();
    private static final ObjectMapper CBOR_STREAM = CBORMapper.builder(new CBORFactory()).build();

    private final Limits limits;

    /** Validation limits, all configurable. */
    public record Limits(long maxFutureSkewMillis, long maxPastAgeMillis, int maxBatch) {
        /** 5 minutes into the future, 30 days into the past, 10,000 readings per payload. */
        public static Limits defaults() {
            return new Limits(5 * 60_000L, 30L * 24 * 3600_000L, 10_000);
        }
    }

    /**
     * The readings of one payload.
     *
     * @param readings the validated readings, in payload order
     * @param array    true when the payload was an array (a backfill of buffered readings, even of one)
     */
    public record Decoded(List<Telemetry> readings, boolean array) {}

    public TelemetryDecoder(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Parses a JSON payload into a tree (for tools reading recorded data, and for the exact wording
     * of a syntax error); syntax errors and duplicate keys become {@link Rejection.Reason#MALFORMED}.
     */
    public static JsonNode parseJson(byte[] payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            if (n == null || n.isMissingNode()) throw new Rejection(Rejection.Reason.MALFORMED, "empty payload: expected a JSON object or array");
            return n;
        } catch (JsonProcessingException e) {
            throw malformedJson(e);
        } catch (IOException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid JSON: " + e.getMessage());
        }
    }

    /** Parses a CBOR payload into a tree; truncated or invalid input becomes {@link Rejection.Reason#MALFORMED}. */
    public static JsonNode parseCbor(byte[] payload) {
        try (JsonParser p = CBOR.createParser(payload)) {
            JsonNode n = CBOR.readTree(p);
            if (n == null || n.isMissingNode()) throw new Rejection(Rejection.Reason.MALFORMED, "empty payload: expected a CBOR map or array");
            if (p.nextToken() != null) throw trailingCbor();
            return n;
        } catch (JsonProcessingException e) {
            throw malformedCbor(e);
        } catch (IOException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid CBOR: " + e.getMessage());
        }
    }

    private static Rejection malformedJson(JsonProcessingException e) {
        return new Rejection(Rejection.Reason.MALFORMED, "invalid JSON: " + forDevices(e.getOriginalMessage()) + locationOf(e));
    }

    private static Rejection malformedCbor(JsonProcessingException e) {
        return new Rejection(Rejection.Reason.MALFORMED, "invalid CBOR: " + forDevices(e.getOriginalMessage()));
    }

    private static Rejection trailingCbor() {
        return new Rejection(Rejection.Reason.MALFORMED, "invalid CBOR: trailing data after the first item");
    }

    /**
     * Jackson's parse message without the parts meant for Java developers (which parser feature
     * to enable, how the source is redacted), so that a device sees only what is wrong and where.
     */
    static String forDevices(String message) {
        return message
                .replaceAll(": enable `[^`]+` to allow", "")
                .replaceAll(" \\(start marker at \\[Source: [^;\\]]*\\); line: (\\d+), column: (\\d+)\\]\\)",
                        " (opened at line $1, column $2)")
                .replaceAll(" \\(start token at \\(byte\\[\\]\\)\\[\\d+ bytes\\]\\)", "");
    }

    private static String locationOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /**
     * Decodes and validates a JSON payload for a device.
     *
     * @param receivedAt receive time in epoch ms; used when a reading has no "ts" and as "now"
     *                   for the timestamp skew check
     */
    public Decoded decodeJson(Device device, DeviceProfile profile, byte[] payload, long receivedAt, String protocol) {
        return decodeBytes(device, profile, payload, false, receivedAt, protocol);
    }

    /** Decodes and validates a CBOR payload for a device, as {@link #decodeJson} does a JSON one. */
    public Decoded decodeCbor(Device device, DeviceProfile profile, byte[] payload, long receivedAt, String protocol) {
        return decodeBytes(device, profile, payload, true, receivedAt, protocol);
    }

    private Decoded decodeBytes(Device device, DeviceProfile profile, byte[] payload, boolean cbor, long receivedAt, String protocol) {
        Pass pass = new Pass(device, profile, receivedAt, protocol, false, !cbor);
        Decoded out = null;
        JsonProcessingException broken = null;
        try (JsonParser p = (cbor ? CBOR_STREAM : JSON_STREAM).createParser(payload)) {
            pass.p = p;
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new Rejection(Rejection.Reason.MALFORMED, "empty payload: expected a " + (cbor ? "CBOR map" : "JSON object") + " or array");
            }
            out = pass.root(t);
            if (cbor && p.nextToken() != null && pass.problem == null) pass.problem = trailingCbor();
        } catch (JsonProcessingException e) {
            broken = e;
        } catch (IOException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid " + (cbor ? "CBOR" : "JSON") + ": " + e.getMessage());
        }
        if (broken == null && pass.problem == null && !pass.duplicate) return out;
        // The refusal path: a syntax error or a duplicate key anywhere comes first, worded by Jackson.
        if (cbor) parseCbor(payload);
        else parseJson(payload);
        if (broken != null) throw cbor ? malformedCbor(broken) : malformedJson(broken);
        if (pass.problem != null) throw pass.problem;
        return out; // a duplicate that the strict parse does not see (none known): the readings stand
    }

    /**
     * Validates a parsed payload for a device (recorded data, adapters' values), by the same pass
     * as {@link #decodeJson}.
     *
     * @param receivedAt receive time in epoch ms; used when a reading has no "ts" and as "now"
     *                   for the timestamp skew check
     */
    public List<Telemetry> decode(Device device, DeviceProfile profile, JsonNode root, long receivedAt, String protocol) {
        Pass pass = new Pass(device, profile, receivedAt, protocol, true, false);
        try (JsonParser p = new NodeParser(root)) {
            pass.p = p;
            Decoded out = pass.root(p.nextToken());
            if (pass.problem != null) throw pass.problem;
            return out.readings();
        } catch (IOException e) {
            throw new IllegalStateException("walking a JSON tree", e);
        }
    }

    /**
     * Validates readings that an adapter produced as typed values, by the same checks as
     * {@link #decodeJson}: each reading becomes the JSON tree {@code {"ts": ..., "values": {...}}} (an
     * array of them for several), so types, ranges, enum values, string length, timestamp skew,
     * batch size and unknown fields are refused with the same reasons and messages.
     *
     * @param receivedAt receive time in epoch ms; used for a reading without ts and as "now"
     */
    public List<Telemetry> decodeValues(Device device, DeviceProfile profile, List<Reading> readings,
                                        long receivedAt, String protocol) {
        return decode(device, profile, ValueTree.of(readings, profile), receivedAt, protocol);
    }

    /** A tree walked as tokens, which also hands over the node under the current token. */
    private static final class NodeParser extends TreeTraversingParser {
        NodeParser(JsonNode root) {
            super(root, JSON);
        }

        JsonNode node() {
            return currentNode();
        }
    }

    /**
     * One payload's pass. Problems do not stop it: the first one by the order a tree-then-validate
     * decoder would report (batch size, then per reading) is kept in {@link #problem} and the rest
     * of the payload is still read, so that a later syntax error still wins.
     */
    private final class Pass {
        final Device device;
        final DeviceProfile profile;
        final long now;
        final String protocol;
        final boolean tree;
        /** JSON text: every float is a double (as a tree parse makes it). */
        final boolean text;
        final int fieldCount;
        final int valuesField;
        final long[] seen;
        final Value value = new Value();
        JsonParser p;
        Rejection problem;
        Rejection fieldsProblem;
        boolean duplicate;

        Pass(Device device, DeviceProfile profile, long now, String protocol, boolean tree, boolean text) {
            this.device = device;
            this.profile = profile;
            this.now = now;
            this.protocol = protocol;
            this.tree = tree;
            this.text = text;
            this.fieldCount = profile.fields().size();
            this.valuesField = profile.index("values");
            this.seen = new long[(fieldCount + 63) >>> 6];
        }

        Decoded root(JsonToken t) throws IOException {
            if (t != JsonToken.START_ARRAY) {
                Telemetry r = reading(t, -1);
                return new Decoded(r == null ? List.of() : List.of(r), false);
            }
            List<Telemetry> out = new ArrayList<>();
            Rejection bad = null;
            int n = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) throw new IllegalStateException("array without end");
                if (bad == null && n < limits.maxBatch()) {
                    Telemetry r = reading(t, n);
                    if (r != null) {
                        out.add(r);
                    } else {
                        bad = problem;
                        problem = null;
                    }
                } else {
                    p.skipChildren();
                }
                n++;
            }
            if (n == 0) {
                problem = new Rejection(Rejection.Reason.MALFORMED, "empty array: a backfill needs at least one reading");
            } else if (n > limits.maxBatch()) {
                problem = new Rejection(Rejection.Reason.TOO_LARGE, "backfill of " + n + " readings exceeds the limit of " + limits.maxBatch());
            } else {
                problem = bad;
            }
            return new Decoded(out, true);
        }

        /**
         * One reading from its first token to its last; null with {@link #problem} set when it is
         * refused.
         */
        Telemetry reading(JsonToken t, int index) throws IOException {
            if (t != JsonToken.START_OBJECT) {
                value.read(this, t);
                problem = new Rejection(Rejection.Reason.MALFORMED, where(index) + "expected a JSON object of field values, got " + value.kind());
                return null;
            }
            Object[] out = new Object[fieldCount];
            Arrays.fill(seen, 0L);
            boolean hasTs = false;
            boolean hasValues = false;
            long time = now;
            Rejection valuesProblem = null;
            String extraKey = null;
            Rejection tsProblem = null;
            int present = 0;
            Rejection flatProblem = null;
            Rejection valuesFieldProblem = null;
            String key;
            while ((key = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (key.equals("ts")) {
                    if (hasTs) duplicate = true;
                    hasTs = true;
                    value.read(this, v);
                    try {
                        time = timestamp(value, now, index);
                    } catch (Rejection r) {
                        tsProblem = r;
                    }
                } else if (valuesField < 0 && key.equals("values")) {
                    if (hasValues) duplicate = true;
                    hasValues = true;
                    if (v != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        valuesProblem = new Rejection(Rejection.Reason.MALFORMED, "values", where(index) + "\"values\" must be an object of field values");
                        continue;
                    }
                    // one bit set for the reading and its "values" object: a field both beside and inside
                    // "values" is refused as an unexpected key anyway, and a duplicate flag only makes
                    // the refusal path look for a real duplicate
                    present += fields(out, index);
                    valuesFieldProblem = fieldsProblem;
                } else {
                    if (extraKey == null) extraKey = key;
                    if (flatProblem != null) {
                        markSeen(profile.index(key));
                        p.skipChildren();
                        continue;
                    }
                    try {
                        if (field(key, v, out, index)) present++;
                    } catch (Rejection r) {
                        flatProblem = r;
                    }
                }
            }
            if (hasValues) {
                if (valuesProblem != null) return refuse(valuesProblem);
                if (extraKey != null) {
                    return refuse(new Rejection(Rejection.Reason.UNKNOWN_FIELD, extraKey, where(index) + "unexpected key '" + extraKey
                            + "' beside \"ts\" and \"values\""));
                }
            }
            if (tsProblem != null) return refuse(tsProblem);
            Rejection fieldProblem = hasValues ? valuesFieldProblem : flatProblem;
            if (fieldProblem != null) return refuse(fieldProblem);
            if (present == 0) return refuse(new Rejection(Rejection.Reason.MALFORMED, where(index) + "no field values in the reading"));
            return new Telemetry(device, profile, time, out, protocol);
        }

        /**
         * The fields of a ThingsBoard "values" object; returns how many were present, with the
         * first refused one in {@link #fieldsProblem}.
         */
        private int fields(Object[] out, int index) throws IOException {
            fieldsProblem = null;
            int present = 0;
            String key;
            while ((key = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (fieldsProblem != null) {
                    markSeen(profile.index(key));
                    p.skipChildren();
                    continue;
                }
                try {
                    if (field(key, v, out, index)) present++;
                } catch (Rejection r) {
                    fieldsProblem = r;
                }
            }
            return present;
        }

        private Telemetry refuse(Rejection r) {
            problem = r;
            return null;
        }

        private void markSeen(int idx) {
            if (idx < 0) return;
            long bit = 1L << idx;
            if ((seen[idx >>> 6] & bit) != 0) duplicate = true;
            seen[idx >>> 6] |= bit;
        }

        /** One field value into its slot; false when it is null (absent). Throws its refusal. */
        private boolean field(String key, JsonToken v, Object[] out, int index) throws IOException {
            int idx = profile.index(key);
            if (idx < 0) {
                p.skipChildren();
                throw new Rejection(Rejection.Reason.UNKNOWN_FIELD, key, where(index) + "unknown field '" + key
                        + "': profile " + profile.name() + " has " + fieldNames(profile));
            }
            markSeen(idx);
            if (v == JsonToken.VALUE_NULL) return false;
            value.read(this, v);
            out[idx] = convert(profile.fields().get(idx), value, index);
            return true;
        }

        /** The tree node under the current token (exotic numbers, binary, containers), consumed. */
        JsonNode node() throws IOException {
            if (tree && !p.currentToken().isStructStart()) return ((NodeParser) p).node();
            JsonNode n = p.readValueAsTree();
            return n == null ? NullNode.getInstance() : n;
        }
    }

    /**
     * The value under the parser's current token, as the checks see it: the common kinds (whole
     * numbers within 64 bits, doubles, strings, booleans, null) without a tree node; anything else
     * as the node a tree parse would have made, with that node's semantics.
     */
    private static final class Value {
        static final int LONG = 0;
        static final int DOUBLE = 1;
        static final int TEXT = 2;
        static final int BOOL = 3;
        static final int NULL = 4;
        static final int NODE = 5;

        int kind;
        long l;
        double d;
        String s;
        boolean b;
        JsonNode node;

        void read(Pass pass, JsonToken t) throws IOException {
            JsonParser p = pass.p;
            node = null;
            switch (t) {
                case VALUE_NUMBER_INT -> {
                    JsonParser.NumberType nt = p.getNumberType();
                    if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                        kind = LONG;
                        l = p.getLongValue();
                    } else {
                        setNode(pass.node());
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    if (pass.text || p.getNumberType() == JsonParser.NumberType.DOUBLE) {
                        kind = DOUBLE;
                        d = p.getDoubleValue();
                    } else {
                        setNode(pass.node());
                    }
                }
                case VALUE_STRING -> {
                    kind = TEXT;
                    s = p.getText();
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    kind = BOOL;
                    b = t == JsonToken.VALUE_TRUE;
                }
                case VALUE_NULL -> kind = NULL;
                default -> setNode(pass.node());
            }
        }

        private void setNode(JsonNode n) {
            kind = NODE;
            node = n;
        }

        /** The node a tree parse would have made (for the wording of refusals). */
        JsonNode asNode() {
            return switch (kind) {
                case LONG -> LongNode.valueOf(l);
                case DOUBLE -> DoubleNode.valueOf(d);
                case TEXT -> TextNode.valueOf(s);
                case BOOL -> BooleanNode.valueOf(b);
                case NULL -> NullNode.getInstance();
                default -> node;
            };
        }

        boolean isNumber() {
            return kind == LONG || kind == DOUBLE || (kind == NODE && node.isNumber());
        }

        boolean isIntegralNumber() {
            return kind == LONG || (kind == NODE && node.isIntegralNumber());
        }

        double asDouble() {
            return switch (kind) {
                case LONG -> (double) l;
                case DOUBLE -> d;
                default -> asNode().asDouble();
            };
        }

        boolean isBoolean() {
            return kind == BOOL || (kind == NODE && node.isBoolean());
        }

        boolean booleanValue() {
            return kind == BOOL ? b : node.booleanValue();
        }

        boolean isTextual() {
            return kind == TEXT || (kind == NODE && node.isTextual());
        }

        String textValue() {
            return kind == TEXT ? s : node.textValue();
        }

        /** See {@link TelemetryDecoder#wholeLong(Value)}. */
        Long wholeLong() {
            if (kind == LONG) return l;
            if (kind == DOUBLE) {
                if (!Double.isFinite(d)) return null;
                try {
                    return BigDecimal.valueOf(d).longValueExact();
                } catch (ArithmeticException e) {
                    return null;
                }
            }
            JsonNode v = asNode();
            if (v.isIntegralNumber()) return v.canConvertToLong() ? v.longValue() : null;
            if (!v.isBigDecimal() && !Double.isFinite(v.asDouble())) return null;
            try {
                return v.decimalValue().longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }

        String kind() {
            return TelemetryDecoder.kind(asNode());
        }

        @Override
        public String toString() {
            return kind == LONG ? Long.toString(l) : asNode().toString();
        }
    }

    private static String where(int index) {
        return index < 0 ? "" : "reading " + index + ": ";
    }

    private long timestamp(Value ts, long now, int index) {
        if (!ts.isIntegralNumber() && !(ts.isNumber() && ts.asDouble() == Math.rint(ts.asDouble()))) {
            throw new Rejection(Rejection.Reason.WRONG_TYPE, "ts", where(index) + "field 'ts': expected epoch milliseconds as an integer, got "
                    + ts.kind() + " " + ts);
        }
        Long whole = ts.wholeLong();
        if (whole == null) {
            throw new Rejection(Rejection.Reason.TIMESTAMP_SKEW, "ts", where(index) + "field 'ts': " + ts
                    + " is not a time in epoch milliseconds (a whole number within the 64-bit range)");
        }
        long t = whole;
        if (t > now + limits.maxFutureSkewMillis()) {
            throw new Rejection(Rejection.Reason.TIMESTAMP_SKEW, "ts", where(index) + "field 'ts': " + t + " is "
                    + human(t - now) + " in the future (at most " + human(limits.maxFutureSkewMillis()) + " accepted)");
        }
        if (t < now - limits.maxPastAgeMillis()) {
            String hint = t > 0 && t < 100_000_000_000L ? "; ts looks like seconds, send epoch milliseconds" : "";
            throw new Rejection(Rejection.Reason.TIMESTAMP_SKEW, "ts", where(index) + "field 'ts': " + t + " is "
                    + human(now - t) + " in the past (at most " + human(limits.maxPastAgeMillis()) + " accepted)" + hint);
        }
        return t;
    }

    private static Object convert(FieldSpec f, Value v, int index) {
        switch (f.type()) {
            case NUMBER, INTEGER -> {
                if (!v.isNumber()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre(f, index) + "expected "
                        + f.type().yamlName() + ", got " + v.kind() + " " + v);
                double d = v.asDouble();
                if (!Double.isFinite(d)) throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre(f, index) + d + " is not a finite number");
                if (f.type() == FieldType.INTEGER && !v.isIntegralNumber() && d != Math.rint(d)) {
                    throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre(f, index) + "expected integer, got " + v);
                }
                if ((f.min() != null && d < f.min()) || (f.max() != null && d > f.max())) {
                    throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre(f, index) + v + " is outside the valid range "
                            + f.rangeText() + (f.unit().isEmpty() ? "" : " " + f.unit()));
                }
                if (f.type() == FieldType.NUMBER) return d;
                Long whole = v.wholeLong();
                if (whole == null) {
                    throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre(f, index) + v
                            + " is not a whole number within the 64-bit integer range");
                }
                return whole;
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre(f, index) + "expected boolean (true/false), got "
                            + v.kind() + " " + v);
                }
                return v.booleanValue();
            }
            case ENUM -> {
                if (!v.isTextual()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre(f, index) + "expected one of "
                        + f.values() + ", got " + v.kind() + " " + v);
                String s = v.textValue();
                int i = f.values().indexOf(s);
                if (i < 0) throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre(f, index) + "'" + s + "' is not one of " + f.values());
                return f.values().get(i);
            }
            case STRING -> {
                if (!v.isTextual()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre(f, index) + "expected string, got "
                        + v.kind() + " " + v);
                String s = v.textValue();
                if (s.length() > f.maxLength()) throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre(f, index) + "string of "
                        + s.length() + " characters exceeds " + f.maxLength());
                return s;
            }
            default -> throw new IllegalStateException("unhandled type " + f.type());
        }
    }

    private static String pre(FieldSpec f, int index) {
        return where(index) + "field '" + f.name() + "': ";
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) return "string";
        if (v.isBoolean()) return "boolean";
        if (v.isNumber()) return "number";
        if (v.isArray()) return "array";
        if (v.isObject()) return "object";
        if (v.isNull()) return "null";
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String fieldNames(DeviceProfile p) {
        StringBuilder sb = new StringBuilder();
        for (FieldSpec f : p.fields()) sb.append(sb.length() == 0 ? "" : ", ").append(f.name());
        return "[" + sb + "]";
    }

    private static String human(long ms) {
        if (ms < 120_000) return (ms / 1000) + " s";
        if (ms < 7_200_000) return (ms / 60_000) + " min";
        if (ms < 172_800_000) return (ms / 3_600_000) + " h";
        return (ms / 86_400_000) + " days";
    }
}
