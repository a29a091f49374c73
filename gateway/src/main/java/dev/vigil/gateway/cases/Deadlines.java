package dev.vigil.gateway.cases;

import dev.vigil.rules.Level;
import dev.vigil.rules.yaml.Durations;
import dev.vigil.rules.yaml.YamlError;
import dev.vigil.rules.yaml.YamlNodes;
import org.snakeyaml.engine.v2.nodes.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a case may take to reach each step, measured from the alert's raise time: defaults per
 * level, overridden per rule kind, per profile and per rule (the most specific wins, step by step).
 * Read from one YAML file ({@code cases.deadlines}, default {@code config/deadlines.yaml}):
 *
 * <pre>
 * max_escalations: 10            # an overdue step escalates once per further period, at most this often
 * levels:                        # merged step by step over the built-in defaults; "off" removes a step
 *   red:    {received: 5m, dispatched: 15m, handled: 1h, closed: 24h}
 *   blue:   {received: 24h}
 * kinds:    {offline: {received: 30m}}            # by rule kind
 * profiles: {hazmat-vehicle: {received: 3m}}      # by device profile
 * rules:    {trapped-at-level: {received: 5m, dispatched: 10m, handled: 30m}}    # by rule id
 * </pre>
 *
 * Steps are the states a case must reach: received, dispatched, handled, verified, closed. A
 * missing file means the built-in defaults; a broken one is refused with {@code file:line}.
 *
 * @param levels         step deadlines (ms) per level
 * @param kinds          overrides per rule kind
 * @param profiles       overrides per profile
 * @param rules          overrides per rule id
 * @param maxEscalations highest escalation level of one step
 */
public record Deadlines(Map<Level, Map<CaseState, Long>> levels, Map<String, Map<CaseState, Long>> kinds,
                        Map<String, Map<CaseState, Long>> profiles, Map<String, Map<CaseState, Long>> rules,
                        int maxEscalations) {

    /** The steps a deadline may name, in order. */
    public static final List<CaseState> STEPS = List.of(CaseState.RECEIVED, CaseState.DISPATCHED, CaseState.HANDLED,
            CaseState.VERIFIED, CaseState.CLOSED);
    /** What an "off" step is stored as in an override: the step has no deadline. */
    static final long OFF = -1;

    /** A broken deadlines file; the message starts with {@code file:line}. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * The built-in defaults: red receive 5 min, dispatch 15 min, handle 1 h, close 24 h; orange 15 min,
     * 1 h, 4 h, 3 d; yellow 1 h, 4 h, 24 h, 7 d; blue 24 h, 3 d, 7 d, 30 d; a passenger trapped in an
     * elevator received within 5 min, dispatched within 10 min and handled within 30 min; 10 escalations
     * at most.
     */
    public static Deadlines defaults() {
        Map<Level, Map<CaseState, Long>> levels = new EnumMap<>(Level.class);
        levels.put(Level.RED, steps(5 * MIN, 15 * MIN, HOUR, 24 * HOUR));
        levels.put(Level.ORANGE, steps(15 * MIN, HOUR, 4 * HOUR, 3 * DAY));
        levels.put(Level.YELLOW, steps(HOUR, 4 * HOUR, 24 * HOUR, 7 * DAY));
        levels.put(Level.BLUE, steps(24 * HOUR, 3 * DAY, 7 * DAY, 30 * DAY));
        Map<String, Map<CaseState, Long>> rules = new LinkedHashMap<>();
        // received and dispatched tighter too, so that every step falls due before the one after it
        Map<CaseState, Long> trapped = Map.of(CaseState.RECEIVED, 5 * MIN, CaseState.DISPATCHED, 10 * MIN, CaseState.HANDLED, 30 * MIN);
        rules.put("trapped-at-level", trapped);
        rules.put("trapped-between-floors", trapped);
        return new Deadlines(levels, Map.of(), Map.of(), rules, 10);
    }

    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;

    private static Map<CaseState, Long> steps(long received, long dispatched, long handled, long closed) {
        Map<CaseState, Long> m = new EnumMap<>(CaseState.class);
        m.put(CaseState.RECEIVED, received);
        m.put(CaseState.DISPATCHED, dispatched);
        m.put(CaseState.HANDLED, handled);
        m.put(CaseState.CLOSED, closed);
        return m;
    }

    /**
     * The deadlines (ms after raising) of a case's steps, in step order: the level's, then the rule
     * kind's, the profile's and the rule's overrides on top.
     */
    public Map<CaseState, Long> of(Level level, String kind, String profile, String rule) {
        Map<CaseState, Long> out = new EnumMap<>(CaseState.class);
        out.putAll(levels.getOrDefault(level, Map.of()));
        for (Map<CaseState, Long> o : List.of(kinds.getOrDefault(String.valueOf(kind), Map.of()),
                profiles.getOrDefault(String.valueOf(profile), Map.of()), rules.getOrDefault(String.valueOf(rule), Map.of()))) {
            o.forEach((step, ms) -> {
                if (ms == OFF) out.remove(step);
                else out.put(step, ms);
            });
        }
        return Collections.unmodifiableMap(out);
    }

    /** Reads {@code file}; a missing file gives {@link #defaults()}. */
    public static Deadlines load(Path file) {
        if (!Files.isRegularFile(file)) return defaults();
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deadlines file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a deadlines file's text ({@code name} goes into messages). */
    public static Deadlines parse(String name, String text) {
        try {
            Node root = YamlNodes.compose(text).orElse(null);
            Deadlines d = defaults();
            if (root == null) return d;
            Map<String, Node> top = YamlNodes.map(root, "deadlines file");
            Map<Level, Map<CaseState, Long>> levels = new EnumMap<>(Level.class);
            d.levels.forEach((l, m) -> levels.put(l, new EnumMap<>(m)));
            Map<String, Map<CaseState, Long>> kinds = new LinkedHashMap<>();
            Map<String, Map<CaseState, Long>> profiles = new LinkedHashMap<>();
            Map<String, Map<CaseState, Long>> rules = new LinkedHashMap<>(d.rules);
            int max = d.maxEscalations;
            for (Map.Entry<String, Node> e : top.entrySet()) {
                switch (e.getKey()) {
                    case "max_escalations" -> {
                        long n = YamlNodes.integer(e.getValue(), "max_escalations");
                        if (n < 1 || n > 1000) throw new YamlError(YamlNodes.line(e.getValue()), "max_escalations: must be 1..1000, got " + n);
                        max = (int) n;
                    }
                    case "levels" -> {
                        for (Map.Entry<String, Node> l : YamlNodes.map(e.getValue(), "levels").entrySet()) {
                            Level level = Level.parse(l.getKey());
                            if (level == null) {
                                throw new YamlError(YamlNodes.line(l.getValue()), "levels: unknown level '" + l.getKey()
                                        + "'; expected blue, yellow, orange or red");
                            }
                            Map<CaseState, Long> m = levels.get(level);
                            steps(l.getValue(), "levels." + l.getKey()).forEach((step, ms) -> {
                                if (ms == OFF) m.remove(step);
                                else m.put(step, ms);
                            });
                        }
                    }
                    case "kinds", "profiles", "rules" -> {
                        Map<String, Map<CaseState, Long>> target = e.getKey().equals("kinds") ? kinds
                                : e.getKey().equals("profiles") ? profiles : rules;
                        for (Map.Entry<String, Node> o : YamlNodes.map(e.getValue(), e.getKey()).entrySet()) {
                            target.put(o.getKey(), steps(o.getValue(), e.getKey() + "." + o.getKey()));
                        }
                    }
                    default -> throw new YamlError(YamlNodes.line(e.getValue()), "unknown key '" + e.getKey()
                            + "'; expected max_escalations, levels, kinds, profiles, rules");
                }
            }
            return new Deadlines(levels, kinds, profiles, rules, max);
        } catch (YamlError e) {
            throw new Refused(name + ":" + e.line() + ": " + e.getMessage());
        }
    }

    private static Map<CaseState, Long> steps(Node n, String what) {
        Map<CaseState, Long> out = new EnumMap<>(CaseState.class);
        for (Map.Entry<String, Node> s : YamlNodes.map(n, what).entrySet()) {
            CaseState step = CaseState.parse(s.getKey());
            if (step == null || !STEPS.contains(step)) {
                throw new YamlError(YamlNodes.line(s.getValue()), what + ": unknown step '" + s.getKey()
                        + "'; expected received, dispatched, handled, verified, closed");
            }
            String text = YamlNodes.string(s.getValue(), what + "." + s.getKey());
            long ms = text.strip().equals("off") ? OFF : Durations.parse(text);
            if (ms == 0 || ms < OFF || (ms == -1 && !text.strip().equals("off"))) {
                throw new YamlError(YamlNodes.line(s.getValue()), what + "." + s.getKey()
                        + ": expected a duration such as 5m, 1h or 1h30m (or off), got '" + text + "'");
            }
            out.put(step, ms);
        }
        return out;
    }
}
