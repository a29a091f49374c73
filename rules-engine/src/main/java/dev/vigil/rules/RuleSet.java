package dev.vigil.rules;

import dev.vigil.profile.Device;
import dev.vigil.rules.eval.CompiledRule;
import dev.vigil.rules.model.Rule;
import dev.vigil.rules.model.Scope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, compiled set of rules: profile defaults plus the overrides of rule files. For a
 * device, each rule id resolves to the matching variant with the narrowest scope (device over
 * enterprise over region over the profile default); a variant with {@code enabled: false}
 * switches the rule off for its scope. Build one with {@link RuleSetLoader}.
 */
public final class RuleSet {

    /**
     * One variant of a rule.
     *
     * @param id       rule id
     * @param scope    devices it applies to
     * @param compiled the compiled rule, or null when this variant disables the rule
     */
    public record Entry(String id, Scope scope, CompiledRule compiled) {
        /** The parsed rule, or null for a disabling variant. */
        public Rule rule() { return compiled == null ? null : compiled.rule(); }
    }

    private static final RuleSet EMPTY = new RuleSet(List.of());

    private final List<Entry> entries;
    private final Map<String, List<Entry>> byProfile = new LinkedHashMap<>();

    public RuleSet(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : this.entries) byProfile.computeIfAbsent(e.scope().profile(), k -> new ArrayList<>()).add(e);
    }

    /** A set without rules. */
    public static RuleSet empty() { return EMPTY; }

    /** Every variant, in load order. */
    public List<Entry> entries() { return entries; }

    /** The enabled rules (all variants). */
    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        for (Entry e : entries) if (e.compiled() != null) out.add(e.rule());
        return out;
    }

    public int size() { return entries.size(); }

    /** The rules that apply to a device, one per rule id, in declaration order. */
    public List<CompiledRule> rulesFor(Device device) {
        List<Entry> candidates = byProfile.get(device.profile());
        if (candidates == null) return List.of();
        Map<String, Entry> best = new LinkedHashMap<>();
        for (Entry e : candidates) {
            if (!e.scope().matches(device)) continue;
            Entry cur = best.get(e.id());
            if (cur == null || e.scope().specificity() >= cur.scope().specificity()) best.put(e.id(), e);
        }
        List<CompiledRule> out = new ArrayList<>();
        for (Entry e : best.values()) if (e.compiled() != null) out.add(e.compiled());
        return out;
    }
}
