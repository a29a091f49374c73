package dev.vigil.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what the two sources say, key by key, with where each value came from: the YAML file
 * (Jackson's YAML parser, streaming, for the line of every key) and the environment. Keys that
 * match nothing are reported here; values are typed later, by {@link ConfigBinder}.
 */
final class ConfigSources {

    /**
     * {@code VIGIL_*} variables that are not settings: the {@code vigil} script's own
     * ({@code VIGIL_HOME}, {@code VIGIL_DEMO_INFLUX_PORT}) and the log level read by logback.xml.
     */
    static final Set<String> NOT_SETTINGS = Set.of("VIGIL_HOME", "VIGIL_VAR", "VIGIL_DEMO_INFLUX_PORT", "VIGIL_LOG_LEVEL");

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper TREES = new ObjectMapper(YAML);

    private ConfigSources() {}

    /** The keys of a YAML text, each with its line; problems (unknown, renamed, twice, not a section) go to {@code problems}. */
    static void readYaml(String source, String yaml, ConfigKeys keys, Map<String, Given> into, Problems problems) {
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null || t == JsonToken.VALUE_NULL) return; // empty file: all defaults
            if (t != JsonToken.START_OBJECT) {
                problems.atLine(source, line(p), "expected keys and sections (key: value), got " + TREES.readTree(p));
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int line = line(p);
                p.nextToken();
                ConfigKeys.Section section = keys.sections.get(name);
                if (section == null) {
                    put(keys, name, Given.inFile(TREES.readTree(p), source, line), into, problems);
                } else if (p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = name + "." + p.currentName();
                        int keyLine = line(p);
                        p.nextToken();
                        put(keys, key, Given.inFile(TREES.readTree(p), source, keyLine), into, problems);
                    }
                } else if (p.currentToken() != JsonToken.VALUE_NULL) {
                    problems.atLine(source, line, name + ": expected a section (indented keys: " + section.keyNames()
                            + "), got " + TREES.readTree(p));
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String why = e.getOriginalMessage().strip().replaceAll("\\s+", " ");
            if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                line = y.getProblemMark().getLine() + 1;
                why = y.getProblem() + (y.getContext() == null || y.getContextMark() == null ? ""
                        : " (" + y.getContext() + " from line " + (y.getContextMark().getLine() + 1) + ")");
            }
            problems.atLine(source, line, "not valid YAML: " + why);
        } catch (IOException e) {
            problems.general(source + ": cannot read: " + e.getMessage());
        }
    }

    private static void put(ConfigKeys keys, String path, Given g, Map<String, Given> into, Problems problems) {
        if (g.value() == null || g.value().isNull()) return; // "key:" with nothing after it: the default
        if (!keys.byPath.containsKey(path)) {
            problems.at(g, path + ": " + unknown(keys, path));
            return;
        }
        Given before = into.put(path, g);
        if (before != null) problems.at(g, path + ": set twice (also at line " + before.line() + ")");
    }

    private static String unknown(ConfigKeys keys, String path) {
        ConfigKeys.Key renamedTo = keys.renamed.get(path);
        if (renamedTo != null) return "renamed to " + renamedTo.path();
        int dot = path.indexOf('.');
        if (dot > 0) return "unknown key; " + path.substring(0, dot) + " has: " + keys.sections.get(path.substring(0, dot)).keyNames();
        return "unknown key; top-level keys: " + keys.root.keyNames() + "; sections: " + String.join(", ", keys.sections.keySet());
    }

    /**
     * The settings among the environment variables: {@code VIGIL_<SECTION>_<KEY>}, {@code VIGIL_<KEY>}
     * and the aliases (e.g. {@code INFLUX_URL}); the {@code VIGIL_} name wins over an alias. Any other
     * {@code VIGIL_*} variable, except {@link #NOT_SETTINGS}, is refused.
     */
    static void readEnv(Map<String, String> env, ConfigKeys keys, Map<String, Given> into, Problems problems) {
        Map<String, String> sorted = new TreeMap<>(env);
        for (boolean canonical : new boolean[] {false, true}) {
            sorted.forEach((name, value) -> {
                ConfigKeys.Key k = keys.byEnv.get(name);
                if (k != null && name.equals(k.env()) == canonical) into.put(k.path(), Given.inEnv(TextNode.valueOf(value), name));
            });
        }
        for (String name : sorted.keySet()) {
            if (name.startsWith("VIGIL_") && !keys.byEnv.containsKey(name) && !NOT_SETTINGS.contains(name)) {
                problems.inEnv(name, unknownVariable(keys, name));
            }
        }
    }

    private static String unknownVariable(ConfigKeys keys, String name) {
        for (ConfigKeys.Key k : keys.byPath.values()) {
            for (String old : k.was()) {
                if (ConfigKeys.envName(k.section().isEmpty() ? old : k.section() + "." + old).equals(name)) {
                    return "renamed to " + k.env();
                }
            }
        }
        String best = null;
        for (String s : keys.sections.keySet()) {
            if (name.startsWith(ConfigKeys.envName(s) + "_") && (best == null || s.length() > best.length())) best = s;
        }
        if (best != null) return "no such setting; " + best + " has: " + keys.sections.get(best).keyNames();
        return "no such setting (VIGIL_<SECTION>_<KEY> or VIGIL_<KEY> name a key of the configuration file)";
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
