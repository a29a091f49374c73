package dev.vigil.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the given values (else the declared defaults) into the records: each value typed by its
 * record component's type, each record built through its canonical constructor, whose own checks
 * then run. Every problem is collected, none stops the others from being found.
 */
final class ConfigBinder {
    private static final Pattern LEADING_KEY = Pattern.compile("^([a-z_]+(?:\\.[a-z_]+)?)\\b");

    private final ConfigKeys keys;
    private final Map<String, Given> given;
    private final Problems problems;

    ConfigBinder(ConfigKeys keys, Map<String, Given> given, Problems problems) {
        this.keys = keys;
        this.given = given;
        this.problems = problems;
    }

    /** The root record, or null when there were problems (they are in {@code problems}). */
    GatewayConfig bind() {
        RecordComponent[] components = GatewayConfig.class.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = ConfigKeys.snake(components[i].getName());
            ConfigKeys.Section s = keys.sections.get(name);
            args[i] = s != null ? section(s) : value(keys.root.key(name));
        }
        return problems.isEmpty() ? (GatewayConfig) construct(keys.root, args) : null;
    }

    private Object section(ConfigKeys.Section s) {
        int before = problems.size();
        Object[] args = s.keys().stream().map(this::value).toArray();
        return problems.size() > before ? null : construct(s, args);
    }

    private Object value(ConfigKeys.Key k) {
        Given g = given.get(k.path());
        JsonNode node = g != null ? g.value() : k.hasDefault() ? TextNode.valueOf(k.def()) : null;
        if (node == null) return null;
        try {
            return Scalars.convert(node, k.type());
        } catch (IllegalArgumentException e) {
            if (g == null) throw new IllegalStateException(k.path() + ": the declared default " + k.def() + " is wrong: " + e.getMessage());
            problems.at(g, g.fromEnv() ? e.getMessage() : k.path() + ": " + e.getMessage());
            return null;
        }
    }

    private Object construct(ConfigKeys.Section s, Object[] args) {
        try {
            Class<?>[] types = Arrays.stream(s.type().getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return s.type().getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof IllegalArgumentException iae)) throw new IllegalStateException(e.getCause());
            refused(iae.getMessage());
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(s.type() + " cannot be built from its components", e);
        }
    }

    /** A record's own check failed: place it at the key its message starts with, when a source set that key. */
    private void refused(String message) {
        Matcher m = LEADING_KEY.matcher(message);
        Given g = m.find() ? given.get(m.group(1)) : null;
        if (g != null) problems.at(g, message);
        else problems.general(message);
    }
}
