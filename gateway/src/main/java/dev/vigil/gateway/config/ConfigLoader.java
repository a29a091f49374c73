package dev.vigil.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the gateway's YAML configuration into {@link GatewayConfig} and applies environment
 * overrides: {@code VIGIL_<SECTION>_<KEY>} (e.g. {@code VIGIL_MQTT_PORT=1884},
 * {@code VIGIL_INFLUX_BATCH_SIZE=5000}), {@code VIGIL_<KEY>} for top-level keys, and the InfluxDB
 * conventions {@code INFLUX_URL}, {@code INFLUX_DB}, {@code INFLUX_USER}, {@code INFLUX_PASSWORD}.
 * Errors name the file, the line and the key.
 */
public final class ConfigLoader {

    private static final YAMLMapper YAML = (YAMLMapper) YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ConfigLoader() {}

    /** Thrown for a configuration that cannot be used; the message is {@code file:line: problem}. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /** Loads a file (or only defaults when {@code file} is null) and applies the environment. */
    public static GatewayConfig load(Path file, Map<String, String> env) {
        ObjectNode tree;
        if (file == null) {
            tree = JsonNodeFactory.instance.objectNode();
        } else {
            try {
                byte[] bytes = Files.readAllBytes(file);
                JsonNode n = YAML.readTree(bytes);
                tree = n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
                // Bind once from the file itself so that errors carry the file's line numbers.
                YAML.readValue(bytes, GatewayConfig.class);
            } catch (UnrecognizedPropertyException e) {
                java.util.List<String> known = new java.util.ArrayList<>();
                e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
                java.util.Collections.sort(known);
                throw new ConfigException(where(file, e) + "unknown key '" + e.getPropertyName()
                        + "'; accepted here: " + known);
            } catch (JsonMappingException e) {
                throw new ConfigException(where(file, e) + problem(e));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ConfigException(where(file, e.getLocation()) + "invalid YAML: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage());
            }
        }
        applyEnv(tree, env);
        try {
            return YAML.treeToValue(tree, GatewayConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("environment: unknown setting '" + e.getPropertyName() + "'; accepted: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new ConfigException("environment: " + problem(e));
        } catch (IOException e) {
            throw new ConfigException("environment: " + e.getMessage());
        }
    }

    /** A section record's own check (IllegalArgumentException naming the key) reads better than Jackson's wrapper. */
    private static String problem(JsonMappingException e) {
        return e instanceof com.fasterxml.jackson.databind.exc.ValueInstantiationException
                && e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
    }

    private static String where(Path file, JsonLocation loc) {
        return file + (loc == null || loc.getLineNr() < 0 ? "" : ":" + loc.getLineNr()) + ": ";
    }

    /** file:line of the key a mapping error is about, found by walking its path through the file. */
    private static String where(Path file, JsonMappingException e) {
        try {
            java.util.List<String> lines = Files.readAllLines(file);
            int line = -1;
            int indent = -1;
            for (JsonMappingException.Reference ref : e.getPath()) {
                String key = ref.getFieldName();
                if (key == null) return where(file, e.getLocation());
                java.util.regex.Pattern p = java.util.regex.Pattern.compile("^(\\s*)" + java.util.regex.Pattern.quote(key) + "\\s*:");
                int found = -1;
                for (int i = line + 1; i < lines.size(); i++) {
                    java.util.regex.Matcher m = p.matcher(lines.get(i));
                    if (m.find() && m.group(1).length() > indent) {
                        found = i;
                        indent = m.group(1).length();
                        break;
                    }
                }
                if (found < 0) return where(file, e.getLocation());
                line = found;
            }
            return line < 0 ? where(file, e.getLocation()) : file + ":" + (line + 1) + ": ";
        } catch (IOException io) {
            return where(file, e.getLocation());
        }
    }

    static void applyEnv(ObjectNode tree, Map<String, String> env) {
        Map<String, String> sorted = new TreeMap<>(env);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            switch (k) {
                case "INFLUX_URL" -> section(tree, "influx").put("url", v);
                case "INFLUX_DB" -> section(tree, "influx").put("database", v);
                case "INFLUX_USER" -> section(tree, "influx").put("username", v);
                case "INFLUX_PASSWORD" -> section(tree, "influx").put("password", v);
                default -> {
                    if (k.startsWith("VIGIL_") && k.length() > 6) applyVigil(tree, k.substring(6).toLowerCase(Locale.ROOT), v);
                }
            }
        }
    }

    private static final java.util.Set<String> SECTIONS = java.util.Set.of(
            "validation", "mqtt", "http", "influx", "coap", "modbus", "bridge", "rules_engine", "alerts", "webhook", "spool");
    private static final java.util.Set<String> TOP_LEVEL = java.util.Set.of("profiles", "registry", "rules", "zones");
    // Variables the launcher and tools use for themselves, not configuration keys.
    private static final java.util.Set<String> NOT_CONFIG = java.util.Set.of("home", "config", "opts", "java_opts");

    private static void applyVigil(ObjectNode tree, String key, String value) {
        if (NOT_CONFIG.contains(key)) return;
        if (TOP_LEVEL.contains(key)) {
            tree.put(key, value);
            return;
        }
        String best = null;
        for (String s : SECTIONS) {
            if (key.startsWith(s + "_") && (best == null || s.length() > best.length())) best = s;
        }
        if (best == null) return;
        String sub = key.substring(best.length() + 1);
        ObjectNode sec = section(tree, best);
        if (value.matches("-?\\d+")) sec.put(sub, Long.parseLong(value));
        else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) sec.put(sub, Boolean.parseBoolean(value));
        else sec.put(sub, value);
    }

    private static ObjectNode section(ObjectNode tree, String name) {
        JsonNode n = tree.get(name);
        if (n instanceof ObjectNode o) return o;
        return tree.putObject(name);
    }
}
