package dev.vigil.rules.yaml;

import dev.vigil.profile.yaml.YamlNesting;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML into snakeyaml-engine nodes (which keep line numbers) and converts nodes to values,
 * throwing {@link YamlError} with the node's line when a value has the wrong shape.
 */
public final class YamlNodes {

    private YamlNodes() {}

    /** Composes a YAML text into its root node (empty when the document is empty). */
    public static Optional<Node> compose(String text) {
        try {
            LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(true).setMaxAliasesForCollections(20).build();
            int deep = YamlNesting.tooDeepAt(text, settings);
            if (deep > 0) throw new YamlError(deep, "invalid YAML: " + YamlNesting.message());
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new YamlError(line, "invalid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new YamlError(0, "invalid YAML: " + e.getMessage());
        }
    }

    /** 1-based line where the node starts. */
    public static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    }

    /** A mapping node's entries by key, refusing non-string and duplicate keys. */
    public static Map<String, Node> map(Node n, String what) {
        if (!(n instanceof MappingNode m)) throw new YamlError(line(n), what + ": expected a mapping, got " + describe(n));
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw new YamlError(line(t.getKeyNode()), what + ": keys must be plain strings");
            if (out.put(k.getValue(), t.getValueNode()) != null) {
                throw new YamlError(line(k), what + ": duplicate key '" + k.getValue() + "'");
            }
        }
        return out;
    }

    /** A sequence node's items. */
    public static List<Node> list(Node n, String what) {
        if (!(n instanceof SequenceNode s)) throw new YamlError(line(n), what + ": expected a list, got " + describe(n));
        return s.getValue();
    }

    /** A scalar's text (any scalar type). */
    public static String string(Node n, String what) {
        if (!(n instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
            throw new YamlError(line(n), what + ": expected a string, got " + describe(n));
        }
        return s.getValue();
    }

    /** A number scalar. */
    public static double number(Node n, String what) {
        Object v = value(n);
        if (!(v instanceof Number num)) throw new YamlError(line(n), what + ": expected a number, got " + describe(n));
        return num.doubleValue();
    }

    /** A whole-number scalar. */
    public static long integer(Node n, String what) {
        Object v = value(n);
        if (!(v instanceof Long l)) throw new YamlError(line(n), what + ": expected a whole number, got " + describe(n));
        return l;
    }

    /** A true/false scalar. */
    public static boolean bool(Node n, String what) {
        Object v = value(n);
        if (!(v instanceof Boolean b)) throw new YamlError(line(n), what + ": expected true or false, got " + describe(n));
        return b;
    }

    /** The node as plain values: Map, List, String, Long, Double, Boolean or null. */
    public static Object value(Node n) {
        if (n instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String v = s.getValue();
            try {
                if (tag.equals(Tag.NULL)) return null;
                if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
                if (tag.equals(Tag.INT)) return Long.decode(v.replace("_", ""));
                if (tag.equals(Tag.FLOAT)) return Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new YamlError(line(n), "cannot read number '" + v + "'");
            }
            return v;
        }
        if (n instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node item : s.getValue()) out.add(value(item));
            return out;
        }
        if (n instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) out.put(String.valueOf(value(t.getKeyNode())), value(t.getValueNode()));
            return out;
        }
        return null;
    }

    /** Short description of a node's shape for messages. */
    public static String describe(Node n) {
        if (n == null) return "nothing";
        if (n instanceof MappingNode) return "a mapping";
        if (n instanceof SequenceNode) return "a list";
        ScalarNode s = (ScalarNode) n;
        if (s.getTag().equals(Tag.NULL)) return "null";
        return "'" + s.getValue() + "'";
    }
}
