package dev.vigil.rules.yaml;

import dev.vigil.profile.FieldSpec;
import dev.vigil.rules.Level;
import dev.vigil.rules.model.Comparison;
import dev.vigil.rules.model.LevelSpec;
import dev.vigil.rules.model.Op;
import dev.vigil.rules.model.RuleKind;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.vigil.rules.yaml.YamlNodes.line;

/**
 * Reads a rule's levels: either {@code levels: {yellow: ..., red: ...}} or a single
 * {@code level: orange}, with rule-level {@code op}, {@code when}, {@code for}/{@code dwell},
 * {@code count} and {@code after} as defaults for every level.
 */
final class LevelParser {
    private static final Set<String> LEVEL_KEYS = Set.of("op", "value", "when", "for", "dwell", "count", "after");

    private LevelParser() {}

    static List<LevelSpec> parse(Map<String, Node> m, RuleKind kind, String id, Function<Node, FieldSpec> fields,
                                 Map<String, Integer> lines) {
        String what = "rule " + id;
        Op op = null;
        if (m.containsKey("op")) {
            String s = YamlNodes.string(m.get("op"), what + ": op");
            op = Op.parse(s);
            if (op == null) throw new YamlError(line(m.get("op")), what + ": op '" + s + "': expected one of > >= < <= == != between outside");
        }
        FieldSpec field = kind == RuleKind.THRESHOLD && m.containsKey("field") ? fields.apply(m.get("field")) : null;
        Node forNode = m.containsKey("for") ? m.get("for") : m.get("dwell");
        if (m.containsKey("for") && m.containsKey("dwell")) throw new YamlError(line(m.get("dwell")), what + ": give 'for' or 'dwell', not both");
        long defFor = forNode == null ? 0 : RuleParser.duration(forNode, what + ": for");
        int defCount = m.containsKey("count") ? positive(m.get("count"), what + ": count") : 1;
        String defWhen = m.containsKey("when") ? YamlNodes.string(m.get("when"), what + ": when") : null;
        if (defWhen != null) lines.put("when", line(m.get("when")));
        if (defWhen != null && kind != RuleKind.EXPRESSION) throw new YamlError(line(m.get("when")), what + ": 'when' is only for kind expression");
        long defAfter = m.containsKey("after") ? RuleParser.duration(m.get("after"), what + ": after") : -1;
        if (defAfter >= 0 && kind != RuleKind.OFFLINE) throw new YamlError(line(m.get("after")), what + ": 'after' is only for kind offline");

        List<LevelSpec> out = new ArrayList<>();
        if (m.containsKey("levels")) {
            if (m.containsKey("level")) throw new YamlError(line(m.get("level")), what + ": give 'levels' or 'level', not both");
            Map<String, Node> levels = YamlNodes.map(m.get("levels"), what + ": levels");
            if (levels.isEmpty()) throw new YamlError(line(m.get("levels")), what + ": levels is empty");
            for (Map.Entry<String, Node> e : levels.entrySet()) {
                Node keyLine = e.getValue();
                Level level = RuleParser.level(keyLine, e.getKey(), what + ": levels");
                out.add(level(line(e.getValue()), kind, level, e.getValue(), what + ": levels." + e.getKey(), op, field, defFor, defCount,
                        defWhen, defAfter, lines));
            }
        } else {
            Node ln = m.get("level");
            if (ln == null) throw new YamlError(line(m.get("id")), what + ": missing 'levels' (or 'level')");
            Level level = RuleParser.level(ln, YamlNodes.string(ln, what + ": level"), what + ": level");
            Node valueNode = m.get("value");
            if (valueNode != null && kind != RuleKind.THRESHOLD && kind != RuleKind.RATE) valueNode = null;
            out.add(level(line(ln), kind, level, valueNode, what, op, field, defFor, defCount, defWhen, defAfter, lines));
        }
        out.sort(Comparator.comparing(LevelSpec::level));
        return out;
    }

    private static LevelSpec level(int ruleLine, RuleKind kind, Level level, Node n, String what, Op op, FieldSpec field,
                                   long defFor, int defCount, String defWhen, long defAfter, Map<String, Integer> lines) {
        int ln = n == null ? ruleLine : line(n);
        long forMs = defFor;
        int count = defCount;
        Comparison cmp = null;
        String when = defWhen;
        long after = defAfter;
        Map<String, Node> lm = null;
        if (n instanceof MappingNode) {
            lm = YamlNodes.map(n, what);
            for (Map.Entry<String, Node> e : lm.entrySet()) {
                if (!LEVEL_KEYS.contains(e.getKey())) {
                    throw new YamlError(line(e.getValue()), what + ": unknown key '" + e.getKey() + "'; expected " + LEVEL_KEYS);
                }
            }
            Node f = lm.containsKey("for") ? lm.get("for") : lm.get("dwell");
            if (f != null) forMs = RuleParser.duration(f, what + ".for");
            if (lm.containsKey("count")) count = positive(lm.get("count"), what + ".count");
            if (lm.containsKey("after")) after = RuleParser.duration(lm.get("after"), what + ".after");
            if (lm.containsKey("when")) {
                when = YamlNodes.string(lm.get("when"), what + ".when");
                lines.put("when:" + level.labelEn(), line(lm.get("when")));
            }
        }
        switch (kind) {
            case THRESHOLD, WINDOW, RATE -> {
                if (n == null) throw new YamlError(ln, what + ": missing threshold value");
                if (lm != null && !lm.containsKey("value")) throw new YamlError(ln, what + ": missing 'value'");
                cmp = ComparisonParser.parse(lm != null ? n : n, op, field, what);
                if (lm == null && n instanceof ScalarNode && op == null) throw new YamlError(ln, what + ": no operator; give 'op'");
            }
            case EXPRESSION -> {
                if (n instanceof ScalarNode s && lm == null) {
                    when = YamlNodes.string(s, what);
                    lines.put("when:" + level.labelEn(), ln);
                }
                if (when == null) throw new YamlError(ln, what + ": missing 'when' (a CEL expression)");
                if (!lines.containsKey("when:" + level.labelEn())) lines.put("when:" + level.labelEn(), lines.getOrDefault("when", ln));
            }
            case OFFLINE -> {
                if (n instanceof ScalarNode && lm == null) after = RuleParser.duration(n, what);
                if (after <= 0) throw new YamlError(ln, what + ": offline needs 'after' (the silence that enters this level, e.g. 3m)");
            }
            case GEOFENCE, FLATLINE, CLOCK_DRIFT -> {
                if (n instanceof ScalarNode && lm == null) forMs = RuleParser.duration(n, what);
            }
            default -> { }
        }
        if (lm != null && lm.containsKey("value") && kind != RuleKind.THRESHOLD && kind != RuleKind.WINDOW && kind != RuleKind.RATE) {
            throw new YamlError(line(lm.get("value")), what + ": 'value' is only for kinds threshold, window and rate");
        }
        return new LevelSpec(level, cmp, when, forMs, count, Math.max(after, 0), ln);
    }

    private static int positive(Node n, String what) {
        long v = YamlNodes.integer(n, what);
        if (v < 1 || v > 1_000_000) throw new YamlError(line(n), what + ": expected a whole number from 1, got " + v);
        return (int) v;
    }
}
