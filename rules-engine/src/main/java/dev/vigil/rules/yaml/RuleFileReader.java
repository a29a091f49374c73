package dev.vigil.rules.yaml;

import dev.vigil.rules.model.Scope;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.vigil.rules.yaml.YamlNodes.line;

/**
 * Splits a YAML file into raw rule mappings. Accepted forms: a profile file (a mapping with
 * {@code fields:} and {@code rules:}, plus the data-quality rules its {@code quality:} section
 * declares, see {@link QualityChecks}), a rule file (a mapping with {@code rules:} and an optional
 * file-wide {@code scope:}), or a bare list of rules.
 */
public final class RuleFileReader {

    /**
     * One rule as written, before merging with the rule it overrides.
     *
     * @param file  file name for messages
     * @param line  line where the rule starts
     * @param id    rule id
     * @param keys  the rule's keys (without {@code scope})
     * @param scope its scope; the profile may be null when neither the rule nor the file names one
     */
    public record RawRule(String file, int line, String id, Map<String, Node> keys, Scope scope) {
    }

    /** What a file turned out to be, with its rules. */
    public record Content(boolean profileFile, String profileName, List<RawRule> rules) {
    }

    private RuleFileReader() {}

    /**
     * Reads the rules of a YAML text.
     *
     * @param file           file name for messages
     * @param text           file content
     * @param defaultProfile profile for rules that name none (a profile file's own name, or the
     *                       profile of a {@code <profile>.rules.yaml} defaults list), or null
     * @param problems       where per-rule problems go (a problem in one rule does not stop the others)
     */
    public static Content read(String file, String text, String defaultProfile, List<YamlError> problems) {
        Optional<Node> root = YamlNodes.compose(text);
        if (root.isEmpty()) return new Content(false, defaultProfile, List.of());
        Node r = root.get();
        List<RawRule> out = new ArrayList<>();
        if (r instanceof SequenceNode) {
            items(file, r, new Scope(defaultProfile, null, null, null), out, problems);
            return new Content(false, defaultProfile, out);
        }
        if (!(r instanceof MappingNode)) throw new YamlError(line(r), "expected a mapping with 'rules:' or a list of rules");
        Map<String, Node> top = YamlNodes.map(r, "file");
        boolean profileFile = top.containsKey("fields");
        String profile = defaultProfile;
        if (profileFile && top.containsKey("name")) profile = YamlNodes.string(top.get("name"), "name");
        Scope fileScope = new Scope(profile, null, null, null);
        if (!profileFile) {
            for (Map.Entry<String, Node> e : top.entrySet()) {
                if (!e.getKey().equals("rules") && !e.getKey().equals("scope")) {
                    throw new YamlError(line(e.getValue()), "unknown top-level key '" + e.getKey() + "'; a rule file has 'scope' and 'rules'");
                }
            }
            if (top.containsKey("scope")) fileScope = scope(top.get("scope"), fileScope, "scope");
        } else if (top.containsKey("scope")) {
            throw new YamlError(line(top.get("scope")), "a profile file's rules apply to every device of the profile; put scoped rules in a rule file");
        }
        if (profileFile && top.containsKey("quality")) QualityChecks.expand(file, top.get("quality"), fileScope, out, problems);
        if (top.containsKey("rules")) {
            Node rules = top.get("rules");
            if (!(rules instanceof SequenceNode) && YamlNodes.value(rules) == null) return new Content(profileFile, profile, out);
            items(file, rules, fileScope, out, problems);
        } else if (!profileFile) {
            throw new YamlError(line(r), "no 'rules:' list in this file");
        }
        return new Content(profileFile, profile, out);
    }

    private static void items(String file, Node list, Scope fileScope, List<RawRule> out, List<YamlError> problems) {
        for (Node item : YamlNodes.list(list, "rules")) {
            try {
                Map<String, Node> keys = new java.util.LinkedHashMap<>(YamlNodes.map(item, "rule"));
                String id = RuleParser.id(keys, line(item));
                Scope scope = fileScope;
                Node s = keys.remove("scope");
                if (s != null) scope = scope(s, fileScope, "rule " + id + ": scope");
                out.add(new RawRule(file, line(item), id, keys, scope));
            } catch (YamlError e) {
                problems.add(e);
            }
        }
    }

    private static Scope scope(Node n, Scope base, String what) {
        Map<String, Node> m = YamlNodes.map(n, what);
        for (String k : m.keySet()) {
            if (!Set.of("profile", "enterprise", "region", "device").contains(k)) {
                throw new YamlError(line(m.get(k)), what + ": unknown key '" + k + "'; expected profile, enterprise, region, device");
            }
        }
        return new Scope(m.containsKey("profile") ? YamlNodes.string(m.get("profile"), what + ".profile") : base.profile(),
                m.containsKey("enterprise") ? YamlNodes.string(m.get("enterprise"), what + ".enterprise") : base.enterprise(),
                m.containsKey("region") ? YamlNodes.string(m.get("region"), what + ".region") : base.region(),
                m.containsKey("device") ? YamlNodes.string(m.get("device"), what + ".device") : base.device());
    }
}
