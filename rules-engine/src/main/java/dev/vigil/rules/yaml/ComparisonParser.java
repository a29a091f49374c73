package dev.vigil.rules.yaml;

import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.rules.model.Comparison;
import dev.vigil.rules.model.Op;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.List;
import java.util.Map;

import static dev.vigil.rules.yaml.YamlNodes.line;

/** Reads threshold conditions: a number (with the rule's op), [low, high] for between / outside, or {op, value}. */
final class ComparisonParser {

    private ComparisonParser() {}

    /** Reads a comparison from a level value: a number (rule op), [a, b] (between/outside), or {op, value}. */
    static Comparison parse(Node n, Op defaultOp, FieldSpec f, String what) {
        Op op = defaultOp;
        Node valueNode = n;
        if (n instanceof MappingNode) {
            Map<String, Node> c = YamlNodes.map(n, what);
            if (c.containsKey("op")) {
                String s = YamlNodes.string(c.get("op"), what + ".op");
                op = Op.parse(s);
                if (op == null) throw new YamlError(line(c.get("op")), what + ".op '" + s + "': expected one of > >= < <= == != between outside");
            }
            valueNode = c.get("value");
            if (valueNode == null) throw new YamlError(line(n), what + ": missing 'value'");
        }
        if (op == null) throw new YamlError(line(n), what + ": no operator; give 'op' on the rule or the level");
        if (op.ranged()) {
            if (!(valueNode instanceof SequenceNode)) throw new YamlError(line(valueNode), what + ": " + op.symbol() + " needs [low, high]");
            List<Node> r = YamlNodes.list(valueNode, what);
            if (r.size() != 2) throw new YamlError(line(valueNode), what + ": " + op.symbol() + " needs exactly two numbers [low, high]");
            double lo = YamlNodes.number(r.get(0), what), hi = YamlNodes.number(r.get(1), what);
            if (lo > hi) throw new YamlError(line(valueNode), what + ": low end " + lo + " is above high end " + hi);
            if (f != null && !f.numeric()) throw new YamlError(line(valueNode), what + ": " + op.symbol() + " needs a numeric field");
            return new Comparison(op, lo, hi, null);
        }
        Object v = YamlNodes.value(valueNode);
        if (v instanceof Number num) {
            if (f != null && !f.numeric()) {
                throw new YamlError(line(valueNode), what + ": field '" + f.name() + "' is " + f.type().yamlName() + ", not a number");
            }
            return new Comparison(op, num.doubleValue(), Double.NaN, null);
        }
        if (op != Op.EQ && op != Op.NE) throw new YamlError(line(valueNode), what + ": " + op.symbol() + " needs a number, got "
                + YamlNodes.describe(valueNode));
        if (f != null) {
            if (f.type() == FieldType.BOOLEAN && !(v instanceof Boolean)) throw new YamlError(line(valueNode), what + ": field '"
                    + f.name() + "' is boolean; compare with true or false");
            if (f.type() == FieldType.ENUM && !f.values().contains(String.valueOf(v))) {
                throw new YamlError(line(valueNode), what + ": '" + v + "' is not a value of field '" + f.name() + "' " + f.values());
            }
            if (f.numeric()) throw new YamlError(line(valueNode), what + ": field '" + f.name() + "' is numeric; compare with a number");
        }
        if (v == null) throw new YamlError(line(valueNode), what + ": missing value");
        return new Comparison(op, Double.NaN, Double.NaN, v instanceof Boolean ? v : String.valueOf(v));
    }
}
