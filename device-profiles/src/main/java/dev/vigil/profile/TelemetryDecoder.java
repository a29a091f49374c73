package dev.vigil.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a payload (JSON or CBOR) into validated {@link Telemetry} records for one device, or
 * refuses it with a {@link Rejection} naming the reading and field at fault.
 *
 * <p>Accepted shapes: {@code {"ts": 1700000000000, "speed": 1.2, ...}} ("ts" optional, epoch ms),
 * ThingsBoard's {@code {"ts": ..., "values": {...}}}, or an array of either (a backfill).
 * A batch is all-or-nothing: one bad reading refuses the whole payload, so a device never has to
 * guess which part was stored.
 */
public final class TelemetryDecoder {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper CBOR = CBORMapper.builder(new CBORFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Limits limits;

    /** Validation limits, all configurable. */
    public record Limits(long maxFutureSkewMillis, long maxPastAgeMillis, int maxBatch) {
        /** 5 minutes into the future, 30 days into the past, 10,000 readings per payload. */
        public static Limits defaults() {
            return new Limits(5 * 60_000L, 30L * 24 * 3600_000L, 10_000);
        }
    }

    public TelemetryDecoder(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Parses a JSON payload; syntax errors become {@link Rejection.Reason#MALFORMED}. */
    public static JsonNode parseJson(byte[] payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            if (n == null || n.isMissingNode()) throw new Rejection(Rejection.Reason.MALFORMED, "empty payload: expected a JSON object or array");
            return n;
        } catch (JsonProcessingException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid JSON: " + forDevices(e.getOriginalMessage())
                    + locationOf(e));
        } catch (IOException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid JSON: " + e.getMessage());
        }
    }

    /** Parses a CBOR payload; truncated or invalid input becomes {@link Rejection.Reason#MALFORMED}. */
    public static JsonNode parseCbor(byte[] payload) {
        try (JsonParser p = CBOR.createParser(payload)) {
            JsonNode n = CBOR.readTree(p);
            if (n == null || n.isMissingNode()) throw new Rejection(Rejection.Reason.MALFORMED, "empty payload: expected a CBOR map or array");
            if (p.nextToken() != null) throw new Rejection(Rejection.Reason.MALFORMED, "invalid CBOR: trailing data after the first item");
            return n;
        } catch (JsonProcessingException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid CBOR: " + forDevices(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Rejection(Rejection.Reason.MALFORMED, "invalid CBOR: " + e.getMessage());
        }
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
     * Validates a parsed payload for a device.
     *
     * @param receivedAt receive time in epoch ms; used when a reading has no "ts" and as "now"
     *                   for the timestamp skew check
     */
    public List<Telemetry> decode(Device device, DeviceProfile profile, JsonNode root, long receivedAt, String protocol) {
        if (root.isArray()) {
            int n = root.size();
            if (n == 0) throw new Rejection(Rejection.Reason.MALFORMED, "empty array: a backfill needs at least one reading");
            if (n > limits.maxBatch()) {
                throw new Rejection(Rejection.Reason.TOO_LARGE, "backfill of " + n + " readings exceeds the limit of " + limits.maxBatch());
            }
            List<Telemetry> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) out.add(decodeOne(device, profile, root.get(i), receivedAt, protocol, "reading " + i + ": "));
            return out;
        }
        return List.of(decodeOne(device, profile, root, receivedAt, protocol, ""));
    }

    /**
     * Validates readings that an adapter produced as typed values, by the same checks as
     * {@link #decode}: each reading becomes the JSON tree {@code {"ts": ..., "values": {...}}} (an
     * array of them for several), so types, ranges, enum values, string length, timestamp skew,
     * batch size and unknown fields are refused with the same reasons and messages.
     *
     * @param receivedAt receive time in epoch ms; used for a reading without ts and as "now"
     */
    public List<Telemetry> decodeValues(Device device, DeviceProfile profile, List<Reading> readings,
                                        long receivedAt, String protocol) {
        return decode(device, profile, ValueTree.of(readings, profile), receivedAt, protocol);
    }

    private Telemetry decodeOne(Device device, DeviceProfile profile, JsonNode node, long receivedAt, String protocol, String where) {
        if (!node.isObject()) {
            throw new Rejection(Rejection.Reason.MALFORMED, where + "expected a JSON object of field values, got " + kind(node));
        }
        long time = receivedAt;
        JsonNode values = node;
        JsonNode tsNode = node.get("ts");
        if (node.has("values") && profile.index("values") < 0) {
            values = node.get("values");
            if (!values.isObject()) throw new Rejection(Rejection.Reason.MALFORMED, "values", where + "\"values\" must be an object of field values");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("ts") && !k.equals("values")) {
                    throw new Rejection(Rejection.Reason.UNKNOWN_FIELD, k, where + "unexpected key '" + k + "' beside \"ts\" and \"values\"");
                }
            }
        }
        if (tsNode != null) time = timestamp(tsNode, receivedAt, where);
        Object[] out = new Object[profile.fields().size()];
        int present = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (values == node && key.equals("ts")) continue;
            int idx = profile.index(key);
            if (idx < 0) {
                throw new Rejection(Rejection.Reason.UNKNOWN_FIELD, key, where + "unknown field '" + key
                        + "': profile " + profile.name() + " has " + fieldNames(profile));
            }
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            out[idx] = convert(profile.fields().get(idx), v, where);
            present++;
        }
        if (present == 0) throw new Rejection(Rejection.Reason.MALFORMED, where + "no field values in the reading");
        return new Telemetry(device, profile, time, out, protocol);
    }

    private long timestamp(JsonNode ts, long now, String where) {
        if (!ts.isIntegralNumber() && !(ts.isNumber() && ts.asDouble() == Math.rint(ts.asDouble()))) {
            throw new Rejection(Rejection.Reason.WRONG_TYPE, "ts", where + "field 'ts': expected epoch milliseconds as an integer, got " + kind(ts) + " " + ts);
        }
        Long whole = wholeLong(ts);
        if (whole == null) {
            throw new Rejection(Rejection.Reason.TIMESTAMP_SKEW, "ts", where + "field 'ts': " + ts
                    + " is not a time in epoch milliseconds (a whole number within the 64-bit range)");
        }
        long t = whole;
        if (t > now + limits.maxFutureSkewMillis()) {
            throw new Rejection(Rejection.Reason.TIMESTAMP_SKEW, "ts", where + "field 'ts': " + t + " is "
                    + human(t - now) + " in the future (at most " + human(limits.maxFutureSkewMillis()) + " accepted)");
        }
        if (t < now - limits.maxPastAgeMillis()) {
            String hint = t > 0 && t < 100_000_000_000L ? "; ts looks like seconds, send epoch milliseconds" : "";
            throw new Rejection(Rejection.Reason.TIMESTAMP_SKEW, "ts", where + "field 'ts': " + t + " is "
                    + human(now - t) + " in the past (at most " + human(limits.maxPastAgeMillis()) + " accepted)" + hint);
        }
        return t;
    }

    private static Object convert(FieldSpec f, JsonNode v, String where) {
        String pre = where + "field '" + f.name() + "': ";
        switch (f.type()) {
            case NUMBER, INTEGER -> {
                if (!v.isNumber()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre + "expected "
                        + f.type().yamlName() + ", got " + kind(v) + " " + v);
                double d = v.asDouble();
                if (!Double.isFinite(d)) throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre + d + " is not a finite number");
                if (f.type() == FieldType.INTEGER && !v.isIntegralNumber() && d != Math.rint(d)) {
                    throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre + "expected integer, got " + v);
                }
                if ((f.min() != null && d < f.min()) || (f.max() != null && d > f.max())) {
                    throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre + v + " is outside the valid range "
                            + f.rangeText() + (f.unit().isEmpty() ? "" : " " + f.unit()));
                }
                if (f.type() == FieldType.NUMBER) return d;
                Long whole = wholeLong(v);
                if (whole == null) {
                    throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre + v + " is not a whole number within the 64-bit integer range");
                }
                return whole;
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre + "expected boolean (true/false), got " + kind(v) + " " + v);
                return v.booleanValue();
            }
            case ENUM -> {
                if (!v.isTextual()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre + "expected one of "
                        + f.values() + ", got " + kind(v) + " " + v);
                String s = v.textValue();
                if (!f.values().contains(s)) throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre + "'" + s + "' is not one of " + f.values());
                return f.values().get(f.values().indexOf(s));
            }
            case STRING -> {
                if (!v.isTextual()) throw new Rejection(Rejection.Reason.WRONG_TYPE, f.name(), pre + "expected string, got " + kind(v) + " " + v);
                String s = v.textValue();
                if (s.length() > f.maxLength()) throw new Rejection(Rejection.Reason.OUT_OF_RANGE, f.name(), pre + "string of "
                        + s.length() + " characters exceeds " + f.maxLength());
                return s;
            }
            default -> throw new IllegalStateException("unhandled type " + f.type());
        }
    }

    /**
     * The exact value of a whole number as a long, or null when it is not one within the 64-bit range
     * (Jackson's {@code asLong()} would silently wrap or clamp it). The caller has checked that the
     * number is finite and whole.
     */
    private static Long wholeLong(JsonNode v) {
        if (v.isIntegralNumber()) return v.canConvertToLong() ? v.longValue() : null;
        if (!v.isBigDecimal() && !Double.isFinite(v.asDouble())) return null;
        try {
            return v.decimalValue().longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
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
