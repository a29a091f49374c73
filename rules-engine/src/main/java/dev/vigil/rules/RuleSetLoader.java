package dev.vigil.rules;

import dev.vigil.profile.Problem;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.rules.eval.CompiledRule;
import dev.vigil.rules.eval.RuleCompiler;
import dev.vigil.rules.model.Rule;
import dev.vigil.rules.model.Scope;
import dev.vigil.rules.yaml.RuleFileReader;
import dev.vigil.rules.yaml.RuleFileReader.RawRule;
import dev.vigil.rules.yaml.RuleParser;
import dev.vigil.rules.yaml.YamlError;
import dev.vigil.rules.yaml.YamlNodes;
import org.snakeyaml.engine.v2.nodes.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads rules: the {@code rules:} section of every profile file (defaults for all devices of that
 * kind) and rule files that add rules or override them by id for an enterprise, region or device.
 * Returns either a {@link RuleSet} or every problem found, each as {@code file:line: message}, so
 * a caller reloading on change can keep its last good rules.
 *
 * <p>Accepted files: a profile file ({@code fields:} and {@code rules:}); a rule file
 * ({@code rules:} and an optional file-wide {@code scope:}); a bare list of rules, whose profile is
 * taken from a name of the form {@code <profile>.rules.yaml} or from each rule's
 * {@code scope.profile}. An override is merged key by key over the default rule of the same id.
 */
public final class RuleSetLoader {
    private static final String DEFAULTS_SUFFIX = ".rules.yaml";

    private final Map<String, DeviceProfile> profiles;

    /**
     * The result of a load.
     *
     * @param ruleSet  the rules, or null when there were problems
     * @param problems problems found, empty when the load succeeded
     */
    public record Result(RuleSet ruleSet, List<Problem> problems) {
        public boolean ok() { return ruleSet != null; }
    }

    /** @param profiles the known profiles by name; their {@code source()} files supply default rules */
    public RuleSetLoader(Map<String, DeviceProfile> profiles) {
        this.profiles = Map.copyOf(profiles);
    }

    /** Loads profile defaults plus the given rule files (which may also be profile files). */
    public Result load(List<Path> ruleFiles) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Variant> variants = new LinkedHashMap<>();
        Set<Path> seen = new HashSet<>();
        for (DeviceProfile p : profiles.values()) {
            if (p.source() != null && Files.isRegularFile(p.source())) {
                seen.add(p.source().toAbsolutePath().normalize());
                readFile(p.source(), p.name(), variants, problems);
            }
        }
        for (Path f : ruleFiles) {
            if (!seen.add(f.toAbsolutePath().normalize())) continue;
            readFile(f, null, variants, problems);
        }
        List<RuleSet.Entry> entries = new ArrayList<>();
        for (Variant v : variants.values()) {
            RuleSet.Entry e = build(v, variants, problems);
            if (e != null) entries.add(e);
        }
        return problems.isEmpty() ? new Result(new RuleSet(entries), List.of()) : new Result(null, List.copyOf(problems));
    }

    /** A rule as written, keyed by profile, id and scope; a later one with the same key replaces it. */
    private record Variant(RawRule raw, boolean isDefault) {
        String key() { return key(raw.scope(), raw.id()); }

        static String key(Scope s, String id) {
            return s.profile() + "\u0000" + id + "\u0000" + s.enterprise() + "\u0000" + s.region() + "\u0000" + s.device();
        }
    }

    private void readFile(Path path, String profileName, Map<String, Variant> variants, List<Problem> problems) {
        String file = path.toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new Problem(path, 0, "cannot read: " + e.getMessage()));
            return;
        }
        String defaultProfile = profileName;
        String name = path.getFileName().toString();
        if (defaultProfile == null && name.endsWith(DEFAULTS_SUFFIX)) {
            String p = name.substring(0, name.length() - DEFAULTS_SUFFIX.length());
            if (profiles.containsKey(p)) defaultProfile = p;
        }
        List<YamlError> errors = new ArrayList<>();
        RuleFileReader.Content content;
        try {
            content = RuleFileReader.read(file, text, defaultProfile, errors);
        } catch (YamlError e) {
            problems.add(new Problem(path, e.line(), e.getMessage()));
            return;
        }
        for (YamlError e : errors) problems.add(new Problem(path, e.line(), e.getMessage()));
        if (content.profileFile() && profileName == null && !profiles.containsKey(content.profileName())) {
            problems.add(new Problem(path, 0, "profile '" + content.profileName() + "' is not among the loaded profiles "
                    + new java.util.TreeSet<>(profiles.keySet())));
            return;
        }
        for (RawRule r : content.rules()) {
            Scope s = r.scope();
            if (s.profile() == null) {
                problems.add(new Problem(path, r.line(), "rule " + r.id() + ": no profile; add scope: {profile: ...} "
                        + "(or name the file <profile>" + DEFAULTS_SUFFIX + ")"));
                continue;
            }
            if (!profiles.containsKey(s.profile())) {
                problems.add(new Problem(path, r.line(), "rule " + r.id() + ": unknown profile '" + s.profile() + "'; known: "
                        + new java.util.TreeSet<>(profiles.keySet())));
                continue;
            }
            boolean isDefault = s.enterprise() == null && s.region() == null && s.device() == null;
            Variant v = new Variant(r, isDefault);
            Variant prev = variants.get(v.key());
            if (prev != null && Objects.equals(prev.raw().file(), file)) {
                problems.add(new Problem(path, r.line(), "rule " + r.id() + ": defined twice for " + s.describe()
                        + " (first at line " + prev.raw().line() + ")"));
                continue;
            }
            if (prev != null) {
                Map<String, Node> merged = new LinkedHashMap<>(prev.raw().keys());
                merged.putAll(r.keys());
                v = new Variant(new RawRule(file, r.line(), r.id(), merged, s), isDefault);
            }
            variants.put(v.key(), v);
        }
    }

    private RuleSet.Entry build(Variant v, Map<String, Variant> variants, List<Problem> problems) {
        RawRule r = v.raw();
        Scope s = r.scope();
        Map<String, Node> keys = r.keys();
        if (!v.isDefault()) {
            Variant base = variants.get(Variant.key(new Scope(s.profile(), null, null, null), r.id()));
            if (base != null) {
                keys = new LinkedHashMap<>(base.raw().keys());
                keys.putAll(r.keys());
            }
        }
        Node enabled = keys.get("enabled");
        try {
            if (enabled != null && !YamlNodes.bool(enabled, "rule " + r.id() + ": enabled")) {
                return new RuleSet.Entry(r.id(), s, null);
            }
            DeviceProfile profile = profiles.get(s.profile());
            Rule rule = RuleParser.parse(keys, s, profile, r.file(), r.line());
            CompiledRule c = RuleCompiler.compile(rule, profile, problems);
            return c == null ? null : new RuleSet.Entry(r.id(), s, c);
        } catch (YamlError e) {
            problems.add(new Problem(Path.of(r.file()), e.line(), e.getMessage()));
            return null;
        }
    }
}
