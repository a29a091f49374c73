package dev.vigil.rules.yaml;

import dev.vigil.rules.model.Scope;
import dev.vigil.rules.yaml.RuleFileReader.RawRule;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.vigil.rules.yaml.YamlNodes.line;

/**
 * Expands a profile's {@code quality:} section into built-in data-quality rules (数据异常), each
 * raising a blue alert: per field, {@code stuck: 2h} becomes a flatline rule (the value unchanged
 * that long while {@code running_when} holds) and {@code jump: {max: 200, per: 1m}} a rate rule
 * (a change beyond ±max within {@code per}). For the whole device, {@code clock_drift: 2m} becomes a
 * clock-drift rule ({@code quality-clock-drift}): a live reading whose device time is more than that
 * from its arrival at the gateway (backfills and period data are not checked). Values the user
 * wrote keep their lines in messages.
 *
 * <pre>
 * quality:
 *   running_when: 'flue_velocity > 1.0'
 *   clock_drift: 2m
 *   fields:
 *     so2: {stuck: 2h, jump: {max: 200, per: 1m}}
 * </pre>
 */
final class QualityChecks {
    private static final Set<String> KEYS = Set.of("running_when", "clock_drift", "fields");
    /** Id of the generated clock-drift rule. */
    static final String CLOCK_DRIFT_ID = "quality-clock-drift";
    private static final Set<String> FIELD_KEYS = Set.of("stuck", "jump");
    private static final Set<String> JUMP_KEYS = Set.of("max", "per");

    private QualityChecks() {}

    /** The generated rules of a quality section; problems in one field do not stop the others. */
    static void expand(String file, Node section, Scope scope, List<RawRule> out, List<YamlError> problems) {
        Map<String, Node> top;
        try {
            top = YamlNodes.map(section, "quality");
            for (Map.Entry<String, Node> e : top.entrySet()) {
                if (!KEYS.contains(e.getKey()))
                        throw new YamlError(line(e.getValue()), "quality: unknown key '" + e.getKey() + "'; expected running_when, clock_drift, fields");
            }
        } catch (YamlError e) {
            problems.add(e);
            return;
        }
        Node running = top.get("running_when");
        Node drift = top.get("clock_drift");
        if (drift != null) {
            try {
                long ms = RuleParser.duration(drift, "quality.clock_drift");
                if (ms <= 0) throw new YamlError(line(drift), "quality.clock_drift must be a positive duration such as 2m");
                Map<String, Node> k = rule(CLOCK_DRIFT_ID, drift, "clock_drift", null,
                        "数据异常：设备时钟偏差", "Data quality: device clock drift");
                k.put("tolerance", drift);
                out.add(new RawRule(file, line(drift), CLOCK_DRIFT_ID, k, scope));
            } catch (YamlError e) {
                problems.add(e);
            }
        }
        if (top.get("fields") == null) return;
        Map<String, Node> fields;
        try {
            fields = YamlNodes.map(top.get("fields"), "quality.fields");
        } catch (YamlError e) {
            problems.add(e);
            return;
        }
        for (Map.Entry<String, Node> f : fields.entrySet()) {
            String field = f.getKey();
            String what = "quality.fields." + field;
            try {
                Map<String, Node> m = YamlNodes.map(f.getValue(), what);
                for (Map.Entry<String, Node> e : m.entrySet()) {
                    if (!FIELD_KEYS.contains(e.getKey()))
                            throw new YamlError(line(e.getValue()), what + ": unknown key '" + e.getKey() + "'; expected stuck, jump");
                }
                if (m.containsKey("stuck")) {
                    Map<String, Node> k = rule("quality-stuck-" + field, f.getValue(), "flatline", field,
                            "数据异常：" + field + " 恒值", "Data quality: " + field + " stuck");
                    k.put("tolerance", scalar(Tag.INT, "0", f.getValue()));
                    k.put("for", m.get("stuck"));
                    if (running != null) {
                        k.put("quiet_when", scalar(Tag.STR, "!(" + YamlNodes.string(running, "quality.running_when") + ")", running));
                    }
                    out.add(new RawRule(file, line(f.getValue()), "quality-stuck-" + field, k, scope));
                }
                if (m.containsKey("jump")) {
                    Map<String, Node> j = YamlNodes.map(m.get("jump"), what + ".jump");
                    for (Map.Entry<String, Node> e : j.entrySet()) {
                        if (!JUMP_KEYS.contains(e.getKey()))
                                throw new YamlError(line(e.getValue()), what + ".jump: unknown key '" + e.getKey() + "'; expected max, per");
                    }
                    if (!j.containsKey("max") || !j.containsKey("per")) {
                        throw new YamlError(line(m.get("jump")), what + ".jump: give max (the largest plausible change) and per (e.g. 1m)");
                    }
                    double max = YamlNodes.number(j.get("max"), what + ".jump.max");
                    if (!(max > 0)) throw new YamlError(line(j.get("max")), what + ".jump.max must be positive, got " + max);
                    Map<String, Node> k = rule("quality-jump-" + field, f.getValue(), "rate", field,
                            "数据异常：" + field + " 突变", "Data quality: " + field + " implausible jump");
                    k.put("window", j.get("per"));
                    k.put("op", scalar(Tag.STR, "outside", j.get("max")));
                    k.put("value", new org.snakeyaml.engine.v2.nodes.SequenceNode(Tag.SEQ, true,
                            List.<Node>of(scalar(Tag.FLOAT, Double.toString(-max), j.get("max")), scalar(Tag.FLOAT, Double.toString(max), j.get("max"))),
                            org.snakeyaml.engine.v2.common.FlowStyle.FLOW, j.get("max").getStartMark(), j.get("max").getEndMark()));
                    out.add(new RawRule(file, line(m.get("jump")), "quality-jump-" + field, k, scope));
                }
            } catch (YamlError e) {
                problems.add(e);
            }
        }
    }

    private static Map<String, Node> rule(String id, Node at, String kind, String field, String zh, String en) {
        Map<String, Node> k = new LinkedHashMap<>();
        k.put("id", scalar(Tag.STR, id, at));
        k.put("version", scalar(Tag.INT, "1", at));
        MappingNode name = new MappingNode(Tag.MAP, true, List.of(
                new org.snakeyaml.engine.v2.nodes.NodeTuple(scalar(Tag.STR, "zh", at), scalar(Tag.STR, zh, at)),
                new org.snakeyaml.engine.v2.nodes.NodeTuple(scalar(Tag.STR, "en", at), scalar(Tag.STR, en, at))),
                org.snakeyaml.engine.v2.common.FlowStyle.FLOW, at.getStartMark(), at.getEndMark());
        k.put("name", name);
        k.put("kind", scalar(Tag.STR, kind, at));
        if (field != null) k.put("field", scalar(Tag.STR, field, at));
        k.put("level", scalar(Tag.STR, "blue", at));
        return k;
    }

    /** A generated scalar carrying the position of the node it came from, so messages point there. */
    private static ScalarNode scalar(Tag tag, String value, Node from) {
        return new ScalarNode(tag, true, value, ScalarStyle.PLAIN, from.getStartMark(), from.getEndMark());
    }
}
