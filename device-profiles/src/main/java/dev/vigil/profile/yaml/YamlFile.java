package dev.vigil.profile.yaml;

import dev.vigil.profile.Problem;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML file composed into snakeyaml-engine nodes (each with its line), plus the problems found
 * while reading it; the typed readers walk the nodes and report against this file.
 */
public final class YamlFile {
    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(false)
            .setMaxAliasesForCollections(50)
            .setCodePointLimit(4 * 1024 * 1024)
            .build();

    private final Path file;
    private final List<Problem> problems;
    private final Node root;

    private YamlFile(Path file, Node root, List<Problem> problems) {
        this.file = file;
        this.root = root;
        this.problems = problems;
    }

    /**
     * Composes the text of a file. A syntax error becomes a problem at its line and leaves
     * {@link #root()} null.
     */
    public static YamlFile compose(Path file, String text, List<Problem> problems) {
        YamlFile f = new YamlFile(file, null, problems);
        int deep = YamlNesting.tooDeepAt(text, SETTINGS);
        if (deep > 0) {
            f.problem(deep, YamlNesting.message());
            return f;
        }
        try {
            Optional<Node> n = new Compose(SETTINGS).composeString(text);
            return new YamlFile(file, n.orElse(null), problems);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String ctx = "";
            if (e.getContext() != null && !e.getContext().isBlank()) {
                int at = e.getContextMark().map(m -> m.getLine() + 1).orElse(0);
                ctx = " (" + e.getContext().strip() + (at > 0 && at != line ? " that starts at line " + at : "") + ")";
            }
            f.problem(line, "YAML syntax error: " + e.getProblem().strip() + ctx);
        } catch (YamlEngineException e) {
            f.problem(0, "YAML syntax error: " + e.getMessage());
        }
        return f;
    }

    public Path file() { return file; }

    /** The document's root node, or null for an empty document or a syntax error. */
    public Node root() { return root; }

    public List<Problem> problems() { return problems; }

    /** Sorts the problems recorded from index {@code from} on by line, keeping the order within a line. */
    public static void sortFrom(List<Problem> problems, int from) {
        problems.subList(from, problems.size()).sort(java.util.Comparator.comparingInt(Problem::line));
    }

    /** Records a problem at a line (0: the whole file). */
    public void problem(int line, String message) {
        problems.add(new Problem(file, line, message));
    }

    /** Records a problem at a node's line. */
    public void problem(Node at, String message) {
        problem(line(at), message);
    }

    /** 1-based line where a node starts. */
    public static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(Mark::getLine).orElse(-1) + 1;
    }

    /**
     * The entries of a mapping node by key, in order. Reports non-mapping nodes, non-text keys and
     * duplicate keys (the later one is dropped); returns null when the node is not a mapping.
     */
    public Map<String, Entry> mapping(Node n, String what) {
        if (!(n instanceof MappingNode m)) {
            problem(n, what + " must be a mapping (key: value lines or {key: value}), got " + describe(n));
            return null;
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL)) {
                problem(k, what + ": keys must be plain names, got " + describe(k));
                continue;
            }
            Entry prev = out.get(ks.getValue());
            if (prev != null) {
                problem(k, what + ": '" + ks.getValue() + "' is defined twice (first at line " + line(prev.key()) + "); keep one");
                continue;
            }
            out.put(ks.getValue(), new Entry(ks.getValue(), k, t.getValueNode()));
        }
        return out;
    }

    /** The items of a sequence node, or null (reported) when it is not a sequence. */
    public List<Node> sequence(Node n, String what) {
        if (n instanceof SequenceNode s) return s.getValue();
        problem(n, what + " must be a list ([a, b] or '- a' lines), got " + describe(n));
        return null;
    }

    /** A non-empty text value, or null (reported). Plain numbers are accepted as their text. */
    public String text(Node n, String what) {
        if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) && !s.getTag().equals(Tag.BOOL)) {
            if (s.getValue().isBlank()) {
                problem(n, what + " must not be empty");
                return null;
            }
            return s.getValue();
        }
        problem(n, what + " must be text, got " + describe(n));
        return null;
    }

    /** A finite number, or null (reported). */
    public Double number(Node n, String what) {
        Object v = isScalarOf(n, Tag.INT, Tag.FLOAT) ? toJava(n) : null;
        if (v instanceof Number num && Double.isFinite(num.doubleValue())) return num.doubleValue();
        problem(n, what + " must be a finite number, got " + describe(n));
        return null;
    }

    /** A whole number, or null (reported). */
    public Long integer(Node n, String what) {
        Object v = isScalarOf(n, Tag.INT) ? toJava(n) : null;
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        problem(n, what + " must be a whole number, got " + describe(n));
        return null;
    }

    private static boolean isScalarOf(Node n, Tag... tags) {
        if (!(n instanceof ScalarNode)) return false;
        for (Tag t : tags) if (n.getTag().equals(t)) return true;
        return false;
    }

    /**
     * A section as plain Java values, after checking every nested mapping for duplicate keys
     * (reported with the path, e.g. "modbus.registers[2]"); null when there was a problem.
     */
    public Object section(Node n, String what) {
        int before = problems.size();
        walk(n, what);
        return problems.size() > before ? null : toJava(n);
    }

    private void walk(Node n, String path) {
        if (n instanceof MappingNode) {
            Map<String, Entry> m = mapping(n, path);
            if (m != null) m.values().forEach(e -> walk(e.value(), path + "." + e.name()));
        } else if (n instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) walk(s.getValue().get(i), path + "[" + i + "]");
        }
    }

    /** A node as plain Java values: Map, List, String, Integer/Long/BigInteger, Double, Boolean or null. */
    public Object toJava(Node n) {
        try {
            return new StandardConstructor(SETTINGS).constructSingleDocument(Optional.ofNullable(n));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(line(n));
            problem(line, e.getProblem().strip());
        } catch (YamlEngineException e) {
            problem(n, e.getMessage());
        }
        return null;
    }

    /** A short description of a node for messages: "a mapping", "a list", "text 'x'", "number 5". */
    public static String describe(Node n) {
        if (n == null) return "nothing";
        if (n instanceof MappingNode) return "a mapping";
        if (n instanceof SequenceNode) return "a list";
        ScalarNode s = (ScalarNode) n;
        Tag t = s.getTag();
        if (t.equals(Tag.NULL)) return "nothing (null)";
        if (t.equals(Tag.BOOL)) return "boolean " + s.getValue();
        if (t.equals(Tag.INT) || t.equals(Tag.FLOAT)) return "number " + s.getValue();
        return "text '" + s.getValue() + "'";
    }

    /** Lists names for messages: "a, b, c". */
    public static String names(Iterable<String> names) {
        List<String> l = new ArrayList<>();
        names.forEach(l::add);
        return String.join(", ", l);
    }

    /** One key: value pair of a mapping, with the key's node for its line. */
    public record Entry(String name, Node key, Node value) {}
}
