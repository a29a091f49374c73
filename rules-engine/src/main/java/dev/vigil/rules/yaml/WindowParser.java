package dev.vigil.rules.yaml;

import dev.vigil.rules.model.WindowSpec;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.vigil.rules.yaml.YamlNodes.line;

/** Reads the window of window rules ({@code window: {type, size, aggregate, min_count}}) and rate rules ({@code window: 10m}). */
final class WindowParser {

    private WindowParser() {}

    private static String key(String id, String k) {
        return "rule " + id + ": " + k;
    }

    private static YamlError err(String id, Node n, String msg) {
        return new YamlError(line(n), "rule " + id + ": " + msg);
    }

    static WindowSpec window(Map<String, Node> m, String id) {
        Node n = m.get("window");
        if (n == null) throw new YamlError(line(m.get("kind")), "rule " + id + ": kind window needs 'window: {type, size, aggregate}'");
        Map<String, Node> w = YamlNodes.map(n, key(id, "window"));
        for (String k : w.keySet()) {
            if (!Set.of("type", "size", "aggregate", "min_count").contains(k)) {
                throw err(id, w.get(k), "window: unknown key '" + k + "'; expected type, size, aggregate, min_count");
            }
        }
        WindowSpec.Type type = WindowSpec.Type.SLIDING;
        if (w.containsKey("type")) {
            String t = YamlNodes.string(w.get("type"), key(id, "window.type"));
            try {
                type = WindowSpec.Type.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw err(id, w.get("type"), "window.type '" + t + "': expected sliding or tumbling");
            }
        }
        if (!w.containsKey("size")) throw err(id, n, "window needs 'size' (e.g. 1h)");
        long size = RuleParser.duration(w.get("size"), key(id, "window.size"));
        if (size <= 0) throw err(id, w.get("size"), "window.size must be positive");
        if (!w.containsKey("aggregate")) throw err(id, n, "window needs 'aggregate' (mean, min, max, count or delta)");
        String a = YamlNodes.string(w.get("aggregate"), key(id, "window.aggregate"));
        WindowSpec.Aggregate agg;
        try {
            agg = WindowSpec.Aggregate.valueOf(a.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw err(id, w.get("aggregate"), "window.aggregate '" + a + "': expected mean, min, max, count or delta");
        }
        int minCount = w.containsKey("min_count") ? (int) YamlNodes.integer(w.get("min_count"), key(id, "window.min_count"))
                : agg == WindowSpec.Aggregate.DELTA ? 2 : 1;
        return new WindowSpec(type, size, agg, Math.max(minCount, 1));
    }

    static WindowSpec rate(Map<String, Node> m, String id) {
        Node n = m.get("window");
        if (n == null) throw new YamlError(line(m.get("kind")), "rule " + id + ": kind rate needs 'window' (e.g. 10m)");
        long size = RuleParser.duration(n, key(id, "window"));
        if (size <= 0) throw err(id, n, "window must be positive");
        return new WindowSpec(WindowSpec.Type.SLIDING, size, WindowSpec.Aggregate.DELTA, 2);
    }
}
