package dev.vigil.rules.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON form of device streams and plain values, for {@code DeviceState}. Times equal to
 * {@link DeviceCtx#NONE} and other defaults are left out, so a quiet device's state stays small;
 * doubles round-trip exactly (non-finite ones are written as strings). Reading throws
 * {@link IllegalArgumentException} saying which part is malformed.
 */
public final class StateCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StateCodec() {}

    /** A stream as a JSON object. */
    public static ObjectNode write(StreamSnapshot s) {
        ObjectNode o = F.objectNode();
        if (s.period() != null) o.put("period", s.period());
        o.put("profile", s.profile());
        time(o, "lastSeen", s.lastSeen());
        if (!s.carryOver()) o.put("carryOver", false);
        ObjectNode seen = o.putObject("fieldSeen");
        s.fieldSeen().forEach(seen::put);
        ObjectNode last = o.putObject("last");
        s.last().forEach((k, v) -> last.set(k, value(v)));
        ArrayNode rules = o.putArray("rules");
        for (RuleSnapshot r : s.rules()) rules.add(write(r));
        return o;
    }

    private static ObjectNode write(RuleSnapshot r) {
        ObjectNode o = F.objectNode();
        o.put("id", r.ruleId());
        o.put("fp", r.fingerprint());
        if (r.level() >= 0) o.put("level", r.level());
        if (r.alertId() != null) o.put("alertId", r.alertId());
        time(o, "lastTime", r.lastTime());
        if (r.lastMask() != 0) o.put("lastMask", r.lastMask());
        if (!r.clearOk()) o.put("clearOk", false);
        if (r.quiet()) o.put("quiet", true);
        o.set("hold", times(r.hold()));
        if (r.falseSince() != null) o.set("falseSince", times(r.falseSince()));
        time(o, "lowerSince", r.lowerSince());
        if (!Double.isNaN(r.value())) o.set("value", num(r.value()));
        time(o, "obsTime", r.obsTime());
        if (r.timedOrder() > 0) o.put("timed", r.timedOrder());
        Object aux = r.aux();
        if (aux instanceof WindowBuffer b) {
            ObjectNode a = o.putObject("window");
            ArrayNode t = a.putArray("t"), v = a.putArray("v");
            for (int k = 0; k < b.size(); k++) {
                t.add(b.timeAt(k));
                v.add(num(b.valueAt(k)));
            }
        } else if (aux instanceof Bucket b) {
            ObjectNode a = o.putObject("bucket");
            a.put("start", b.start).put("end", b.end).put("count", b.count);
            a.set("sum", num(b.sum));
            a.set("min", num(b.min));
            a.set("max", num(b.max));
            a.set("first", num(b.first));
            a.set("last", num(b.last));
            a.put("excluded", b.excluded).put("closedCount", b.closedCount).put("closedExcluded", b.closedExcluded);
        } else if (aux instanceof Boolean b) {
            o.put("flag", b);
        } else if (aux instanceof Long l) {
            o.put("deviceTime", l);
        }
        return o;
    }

    /** A stream from its JSON object. */
    public static StreamSnapshot readStream(JsonNode o) {
        need(o.isObject(), "stream is not an object");
        String period = o.hasNonNull("period") ? text(o, "period") : null;
        Map<String, Long> seen = new LinkedHashMap<>();
        JsonNode fs = o.path("fieldSeen");
        need(fs.isObject() || fs.isMissingNode(), "fieldSeen is not an object");
        fs.properties().forEach(e -> seen.put(e.getKey(), lng(e.getValue(), "fieldSeen." + e.getKey())));
        Map<String, Object> last = new LinkedHashMap<>();
        JsonNode ls = o.path("last");
        need(ls.isObject() || ls.isMissingNode(), "last is not an object");
        ls.properties().forEach(e -> last.put(e.getKey(), value(e.getValue())));
        JsonNode rs = o.path("rules");
        need(rs.isArray(), "stream has no rules array");
        List<RuleSnapshot> rules = new ArrayList<>();
        for (JsonNode r : rs) rules.add(readRule(r));
        return new StreamSnapshot(period, text(o, "profile"), time(o, "lastSeen"), o.path("carryOver").asBoolean(true),
                seen, last, rules);
    }

    private static RuleSnapshot readRule(JsonNode o) {
        need(o.isObject(), "rule state is not an object");
        String id = text(o, "id");
        Object aux = null;
        if (o.has("window")) {
            JsonNode t = o.path("window").path("t"), v = o.path("window").path("v");
            need(t.isArray() && v.isArray() && t.size() == v.size(), "rule " + id + ": window needs arrays t and v of equal length");
            WindowBuffer b = new WindowBuffer();
            for (int k = 0; k < t.size(); k++) b.add(lng(t.get(k), "window.t"), dbl(v.get(k), "window.v"));
            aux = b;
        } else if (o.has("bucket")) {
            JsonNode a = o.path("bucket");
            Bucket b = new Bucket();
            b.start = lng(a.path("start"), "bucket.start");
            b.end = lng(a.path("end"), "bucket.end");
            b.count = (int) lng(a.path("count"), "bucket.count");
            b.sum = dbl(a.path("sum"), "bucket.sum");
            b.min = dbl(a.path("min"), "bucket.min");
            b.max = dbl(a.path("max"), "bucket.max");
            b.first = dbl(a.path("first"), "bucket.first");
            b.last = dbl(a.path("last"), "bucket.last");
            b.excluded = (int) lng(a.path("excluded"), "bucket.excluded");
            b.closedCount = (int) lng(a.path("closedCount"), "bucket.closedCount");
            b.closedExcluded = (int) lng(a.path("closedExcluded"), "bucket.closedExcluded");
            aux = b;
        } else if (o.has("flag")) {
            need(o.get("flag").isBoolean(), "rule " + id + ": flag is not a boolean");
            aux = o.get("flag").booleanValue();
        } else if (o.has("deviceTime")) {
            aux = lng(o.get("deviceTime"), "deviceTime");
        }
        return new RuleSnapshot(id, text(o, "fp"), o.has("level") ? (int) lng(o.get("level"), "level") : -1,
                o.hasNonNull("alertId") ? text(o, "alertId") : null, time(o, "lastTime"), (int) o.path("lastMask").asLong(0),
                o.path("clearOk").asBoolean(true), o.path("quiet").asBoolean(false), times(o.get("hold"), "rule " + id + ": hold"),
                o.has("falseSince") ? times(o.get("falseSince"), "rule " + id + ": falseSince") : null, time(o, "lowerSince"),
                o.has("value") ? dbl(o.get("value"), "value") : Double.NaN, time(o, "obsTime"),
                aux, o.path("timed").asLong(0));
    }

    // ---- plain values (field values, alert evidence) ----

    /**
     * A plain value as JSON: strings, booleans, Integer and Double as themselves, a Long that would
     * read back as an Integer as {"$L": n}, a non-finite double as {"$D": "NaN"}, a map as {"$M": {...}},
     * a list as an array; anything else as its text.
     */
    public static JsonNode value(Object v) {
        if (v == null) return F.nullNode();
        if (v instanceof String s) return F.textNode(s);
        if (v instanceof Boolean b) return F.booleanNode(b);
        if (v instanceof Integer i) return F.numberNode(i);
        if (v instanceof Long l) {
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return F.objectNode().put("$L", l);
            return F.numberNode(l);
        }
        if (v instanceof Double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) return F.objectNode().put("$D", d.toString());
            return F.numberNode(d);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            ObjectNode in = o.putObject("$M");
            for (Map.Entry<?, ?> e : m.entrySet()) in.set(String.valueOf(e.getKey()), value(e.getValue()));
            return o;
        }
        if (v instanceof Iterable<?> l) {
            ArrayNode a = F.arrayNode();
            for (Object x : l) a.add(value(x));
            return a;
        }
        return F.textNode(String.valueOf(v));
    }

    /** The plain value written by {@link #value(Object)}. */
    public static Object value(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isTextual()) return n.textValue();
        if (n.isBoolean()) return n.booleanValue();
        if (n.isInt()) return n.intValue();
        if (n.isIntegralNumber()) return n.longValue();
        if (n.isNumber()) return n.doubleValue();
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonNode x : n) out.add(value(x));
            return java.util.Collections.unmodifiableList(out);
        }
        need(n.isObject() && n.size() == 1, "unexpected value " + n);
        if (n.has("$L")) return lng(n.get("$L"), "$L");
        if (n.has("$D")) return dbl(n.get("$D"), "$D");
        need(n.has("$M") && n.get("$M").isObject(), "unexpected value " + n);
        Map<String, Object> m = new LinkedHashMap<>();
        n.get("$M").properties().forEach(e -> m.put(e.getKey(), value(e.getValue())));
        return java.util.Collections.unmodifiableMap(m);
    }

    // ---- helpers ----

    private static JsonNode num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? F.textNode(Double.toString(d)) : F.numberNode(d);
    }

    private static void time(ObjectNode o, String key, long t) {
        if (t != DeviceCtx.NONE) o.put(key, t);
    }

    private static long time(JsonNode o, String key) {
        return o.has(key) ? lng(o.get(key), key) : DeviceCtx.NONE;
    }

    private static ArrayNode times(long[] a) {
        ArrayNode n = F.arrayNode();
        for (long x : a) {
            if (x == DeviceCtx.NONE) n.addNull();
            else n.add(x);
        }
        return n;
    }

    private static long[] times(JsonNode n, String what) {
        need(n != null && n.isArray(), what + " is not an array");
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).isNull() ? DeviceCtx.NONE : lng(n.get(i), what);
        return out;
    }

    /** A required text property. */
    public static String text(JsonNode o, String key) {
        JsonNode n = o.get(key);
        need(n != null && n.isTextual(), "missing or non-text '" + key + "'");
        return n.textValue();
    }

    /** A whole number. */
    public static long lng(JsonNode n, String what) {
        need(n != null && n.isIntegralNumber() && n.canConvertToLong(), "'" + what + "' is not a whole number: " + n);
        return n.longValue();
    }

    private static double dbl(JsonNode n, String what) {
        if (n != null && n.isTextual()) {
            String s = n.textValue();
            need(s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity"), "'" + what + "' is not a number: " + n);
            return Double.parseDouble(s);
        }
        need(n != null && n.isNumber(), "'" + what + "' is not a number: " + n);
        return n.doubleValue();
    }

    /** Throws an {@link IllegalArgumentException} "malformed device state: ..." unless {@code ok}. */
    public static void need(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("malformed device state: " + message);
    }
}
