package dev.vigil.rules.yaml;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.rules.Level;
import dev.vigil.rules.model.GeofenceSpec;
import dev.vigil.rules.model.LevelSpec;
import dev.vigil.rules.model.Rule;
import dev.vigil.rules.model.RuleKind;
import dev.vigil.rules.model.Scope;
import dev.vigil.rules.model.Text;
import dev.vigil.rules.model.WindowSpec;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.vigil.rules.yaml.YamlNodes.line;

/**
 * Turns one rule's YAML mapping (already merged with the rule it overrides) into a {@link Rule},
 * checking every key against the rule kind and the profile's fields; the first problem is thrown
 * as a {@link YamlError} with its line.
 */
public final class RuleParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Set<String> KEYS = new TreeSet<>(List.of("id", "version", "name", "description", "kind",
            "enabled", "scope", "levels", "level", "op", "when", "field", "value", "where", "window", "inside",
            "outside", "position", "dwell", "for", "count", "after", "tolerance", "hysteresis", "clear_when",
            "clear_delay", "max_gap", "tolerate", "last_reading", "active", "quiet_when", "params", "period", "auto_close"));

    private final Map<String, Node> m;
    private final DeviceProfile profile;
    private final String id;
    private final Map<String, Integer> lines = new HashMap<>();

    private RuleParser(Map<String, Node> m, DeviceProfile profile, String id) {
        this.m = m;
        this.profile = profile;
        this.id = id;
    }

    /** Reads the rule id of a rule mapping (needed before merging). */
    public static String id(Map<String, Node> m, int ruleLine) {
        Node n = m.get("id");
        if (n == null) throw new YamlError(ruleLine, "rule without 'id'");
        String id = YamlNodes.string(n, "id");
        if (!ID.matcher(id).matches()) throw new YamlError(line(n), "rule id '" + id + "': use letters, digits, '_', '-' and '.' only");
        return id;
    }

    /**
     * Parses a merged rule mapping.
     *
     * @param m        the rule's keys
     * @param scope    devices it applies to (its profile is {@code profile})
     * @param profile  the profile whose fields the rule may use
     * @param file     file name for messages
     * @param ruleLine line where the rule starts
     */
    public static Rule parse(Map<String, Node> m, Scope scope, DeviceProfile profile, String file, int ruleLine) {
        String id = id(m, ruleLine);
        return new RuleParser(m, profile, id).rule(scope, file, ruleLine);
    }

    private Rule rule(Scope scope, String file, int ruleLine) {
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw err(e.getValue(), "unknown key '" + e.getKey() + "'; expected one of " + KEYS);
            }
        }
        boolean enabled = !m.containsKey("enabled") || YamlNodes.bool(m.get("enabled"), key("enabled"));
        boolean autoClose = m.containsKey("auto_close") && YamlNodes.bool(m.get("auto_close"), key("auto_close"));
        Node kindNode = m.get("kind");
        if (kindNode == null) throw new YamlError(ruleLine, "rule " + id + ": missing 'kind' (one of " + kindNames() + ")");
        RuleKind kind = RuleKind.parse(YamlNodes.string(kindNode, key("kind")));
        if (kind == null) throw err(kindNode, "unknown kind '" + YamlNodes.string(kindNode, "kind") + "'; expected one of " + kindNames());
        int version = m.containsKey("version") ? (int) YamlNodes.integer(m.get("version"), key("version")) : 1;
        Text name = text(m.get("name"));

        String field = null;
        if (m.containsKey("field")) field = checkField(m.get("field"), kind);
        String valueExpr = kind == RuleKind.WINDOW ? expr("value") : null;
        String where = expr("where");
        WindowSpec window = null;
        GeofenceSpec geofence = null;
        double tolerance;
        if (kind == RuleKind.CLOCK_DRIFT) {
            if (!m.containsKey("tolerance")) {
                throw new YamlError(ruleLine, "rule " + id + ": kind clock_drift needs 'tolerance' (the largest drift accepted, e.g. 2m)");
            }
            tolerance = duration(m.get("tolerance"), key("tolerance"));
            if (tolerance <= 0) throw err(m.get("tolerance"), "tolerance of kind clock_drift must be a positive duration");
        } else {
            tolerance = m.containsKey("tolerance") ? YamlNodes.number(m.get("tolerance"), key("tolerance")) : 0;
        }
        switch (kind) {
            case THRESHOLD, FLATLINE, RATE -> {
                if (field == null) throw new YamlError(ruleLine, "rule " + id + ": kind " + kind.yamlName() + " needs 'field'");
                if (kind == RuleKind.RATE) window = WindowParser.rate(m, id);
            }
            case WINDOW -> {
                if ((field == null) == (valueExpr == null)) {
                    throw new YamlError(ruleLine, "rule " + id + ": kind window needs exactly one of 'field' or 'value' (a CEL expression)");
                }
                window = WindowParser.window(m, id);
            }
            case GEOFENCE -> geofence = GeofenceParser.parse(m, profile, id);
            default -> { }
        }
        if (m.containsKey("value") && kind != RuleKind.WINDOW && kind != RuleKind.THRESHOLD && kind != RuleKind.RATE) {
            throw err(m.get("value"), "'value' is only for kinds threshold and rate (single level) and window (a CEL expression)");
        }
        if (where != null && kind != RuleKind.WINDOW && kind != RuleKind.THRESHOLD && kind != RuleKind.EXPRESSION) {
            throw err(m.get("where"), "'where' is only for kinds window, threshold and expression");
        }
        if (m.containsKey("window") && window == null) throw err(m.get("window"), "'window' is only for kinds window and rate");
        if ((m.containsKey("inside") || m.containsKey("outside")) && kind != RuleKind.GEOFENCE) {
            throw err(m.containsKey("inside") ? m.get("inside") : m.get("outside"), "'inside'/'outside' are only for kind geofence");
        }
        if (kind == RuleKind.OFFLINE && (m.containsKey("for") || m.containsKey("count"))) {
            throw err(m.containsKey("for") ? m.get("for") : m.get("count"), "kind offline uses 'after' per level, not 'for'/'count'");
        }

        List<LevelSpec> levels = LevelParser.parse(m, kind, id, this::field, lines);
        double hysteresis = Double.NaN;
        if (m.containsKey("hysteresis")) {
            if (kind != RuleKind.THRESHOLD && kind != RuleKind.WINDOW && kind != RuleKind.RATE) {
                throw err(m.get("hysteresis"), "'hysteresis' is only for kinds threshold, window and rate (use clear_when otherwise)");
            }
            hysteresis = YamlNodes.number(m.get("hysteresis"), key("hysteresis"));
            if (hysteresis < 0) throw err(m.get("hysteresis"), "hysteresis must not be negative");
        }
        long clearDelay = duration("clear_delay", 0);
        long maxGap = duration("max_gap", -1);
        long tolerate = duration("tolerate", 0);
        String clearWhen = expr("clear_when");
        String quietWhen = expr("quiet_when");
        String lastReading = expr("last_reading");
        if (lastReading != null && kind != RuleKind.OFFLINE) throw err(m.get("last_reading"), "'last_reading' is only for kind offline");
        var schedule = m.containsKey("active") ? ScheduleParser.parse(m.get("active"), id) : null;
        Map<String, Object> params = params();
        String period = period(kind);
        return new Rule(id, version, name, kind, scope, enabled, levels, field, valueExpr, where, window, geofence,
                tolerance, hysteresis, clearWhen, clearDelay, maxGap, tolerate, lastReading, schedule, quietWhen,
                params, file, ruleLine, lines, definition(), period, autoClose);
    }

    /**
     * {@code period: hour}: the rule evaluates the device's own period averages of that period
     * (readings whose profile field {@code period} has that value, e.g. HJ 212 CN 2061) instead of
     * its readings. One reading per period, each an observation: kinds threshold and expression.
     */
    private String period(RuleKind kind) {
        Node n = m.get("period");
        if (n == null) return null;
        String p = YamlNodes.string(n, key("period"));
        FieldSpec f = profile.field("period");
        if (f == null || f.values() == null || f.values().isEmpty()) {
            throw err(n, "period: profile " + profile.name() + " has no period data (no enum field 'period')");
        }
        if (!f.values().contains(p)) throw err(n, "period '" + p + "': profile " + profile.name() + " has periods " + f.values());
        if (kind != RuleKind.THRESHOLD && kind != RuleKind.EXPRESSION) {
            throw err(n, "'period' is only for kinds threshold and expression (one observation per period average)");
        }
        return p;
    }

    /** The rule's keys as plain values in key order: equal definitions mean an unchanged rule. */
    private Map<String, Object> definition() {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Node> e : m.entrySet()) out.put(e.getKey(), YamlNodes.value(e.getValue()));
        return out;
    }

    private String key(String k) {
        return "rule " + id + ": " + k;
    }

    private YamlError err(Node n, String msg) {
        return new YamlError(line(n), "rule " + id + ": " + msg);
    }

    private static String kindNames() {
        List<String> names = new ArrayList<>();
        for (RuleKind k : RuleKind.values()) names.add(k.yamlName());
        return String.join(", ", names);
    }

    private Text text(Node n) {
        if (n == null) return new Text(id, id);
        if (n instanceof ScalarNode) {
            String s = YamlNodes.string(n, key("name"));
            return new Text(s, s);
        }
        Map<String, Node> t = YamlNodes.map(n, key("name"));
        for (String k : t.keySet()) {
            if (!k.equals("zh") && !k.equals("en")) throw err(t.get(k), "name: unknown key '" + k + "'; expected zh and en");
        }
        String zh = t.containsKey("zh") ? YamlNodes.string(t.get("zh"), key("name.zh")) : null;
        String en = t.containsKey("en") ? YamlNodes.string(t.get("en"), key("name.en")) : null;
        return new Text(zh != null ? zh : en, en != null ? en : zh);
    }

    /** The profile field a name refers to, or an error naming the profile's fields. */
    FieldSpec field(Node n) {
        String name = YamlNodes.string(n, key("field"));
        FieldSpec f = profile.field(name);
        if (f == null) {
            List<String> names = new ArrayList<>();
            for (FieldSpec fs : profile.fields()) names.add(fs.name());
            throw err(n, "unknown field '" + name + "': profile " + profile.name() + " has " + names);
        }
        return f;
    }

    private String checkField(Node n, RuleKind kind) {
        FieldSpec f = field(n);
        if ((kind == RuleKind.RATE || kind == RuleKind.WINDOW || kind == RuleKind.FLATLINE) && !f.numeric()) {
            throw err(n, "kind " + kind.yamlName() + " needs a numeric field; '" + f.name() + "' is " + f.type().yamlName());
        }
        return f.name();
    }

    private String expr(String k) {
        Node n = m.get(k);
        if (n == null) return null;
        lines.put(k, line(n));
        return YamlNodes.string(n, key(k));
    }

    private long duration(String k, long fallback) {
        Node n = m.get(k);
        return n == null ? fallback : duration(n, key(k));
    }

    /** A duration node: "20s", "10m", "4h" ... or a number of seconds. */
    static long duration(Node n, String what) {
        Object v = YamlNodes.value(n);
        if (v instanceof Number num && num.doubleValue() >= 0) return Math.round(num.doubleValue() * 1000);
        long ms = v instanceof String s ? Durations.parse(s) : -1;
        if (ms < 0) throw new YamlError(line(n), what + ": expected a duration such as 20s, 10m, 4h or 1h30m, got " + YamlNodes.describe(n));
        return ms;
    }

    private Map<String, Object> params() {
        Node n = m.get("params");
        if (n == null) return Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : YamlNodes.map(n, key("params")).entrySet()) {
            Object v = YamlNodes.value(e.getValue());
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                throw err(e.getValue(), "params." + e.getKey() + ": give a default number, string or boolean");
            }
            if (profile.field(e.getKey()) != null) throw err(e.getValue(), "params." + e.getKey() + " has the name of a field");
            out.put(e.getKey(), v instanceof Long l ? (Object) l.doubleValue() : v);
        }
        return out;
    }

    /** Level name parsing with a clear message. */
    static Level level(Node n, String text, String what) {
        Level l = Level.parse(text);
        if (l == null) throw new YamlError(line(n), what + ": unknown level '" + text + "'; expected blue, yellow, orange or red");
        return l;
    }
}
