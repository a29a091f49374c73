package dev.vigil.gateway.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of every configuration key, read once from the {@link Setting} declarations of
 * {@link GatewayConfig} and its section records: name, type, default, environment names, former names.
 */
final class ConfigKeys {

    /** One key; {@code section} is "" for a top-level key. */
    record Key(String section, String name, RecordComponent component, String def, List<String> aliases, List<String> was) {
        String path() {
            return section.isEmpty() ? name : section + "." + name;
        }

        /** {@code VIGIL_<SECTION>_<KEY>}, or {@code VIGIL_<KEY>} for a top-level key. */
        String env() {
            return envName(path());
        }

        Class<?> type() {
            return component.getType();
        }

        boolean hasDefault() {
            return !Setting.NONE.equals(def);
        }
    }

    /** A group of keys bound into one record; the root ("") holds the top-level keys. */
    record Section(String name, Class<?> type, List<Key> keys) {
        Key key(String keyName) {
            return keys.stream().filter(k -> k.name().equals(keyName)).findFirst().orElse(null);
        }

        String keyNames() {
            return String.join(", ", keys.stream().map(Key::name).toList());
        }
    }

    static final ConfigKeys GATEWAY = new ConfigKeys(GatewayConfig.class);

    final Section root;
    final Map<String, Section> sections = new LinkedHashMap<>();
    final Map<String, Key> byPath = new LinkedHashMap<>();
    /** Every environment name (canonical and alias) to its key. */
    final Map<String, Key> byEnv = new LinkedHashMap<>();
    /** Former key path to the key that replaced it. */
    final Map<String, Key> renamed = new LinkedHashMap<>();

    private ConfigKeys(Class<? extends Record> rootType) {
        List<Key> top = new ArrayList<>();
        for (RecordComponent c : rootType.getRecordComponents()) {
            if (c.getType().isRecord()) {
                Section s = section(snake(c.getName()), c.getType());
                sections.put(s.name(), s);
            } else {
                top.add(key("", c));
            }
        }
        root = new Section("", rootType, List.copyOf(top));
        List<Key> all = new ArrayList<>(root.keys());
        sections.values().forEach(s -> all.addAll(s.keys()));
        for (Key k : all) {
            byPath.put(k.path(), k);
            claim(k.env(), k);
            k.aliases().forEach(a -> claim(a, k));
            for (String old : k.was()) renamed.put(k.section().isEmpty() ? old : k.section() + "." + old, k);
        }
    }

    private Section section(String name, Class<?> type) {
        List<Key> keys = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType().isRecord()) throw new IllegalStateException(type + ": sections do not nest (" + c.getName() + ")");
            keys.add(key(name, c));
        }
        return new Section(name, type, List.copyOf(keys));
    }

    private static Key key(String section, RecordComponent c) {
        Setting s = c.getAnnotation(Setting.class);
        String name = s == null || s.name().isEmpty() ? snake(c.getName()) : s.name();
        String def = s == null ? Setting.NONE : s.def();
        if (c.getType().isPrimitive() && Setting.NONE.equals(def)) {
            throw new IllegalStateException(c + ": a primitive setting needs a default (@Setting(def = ...))");
        }
        return new Key(section, name, c, def, s == null ? List.of() : Arrays.asList(s.env()),
                s == null ? List.of() : Arrays.asList(s.was()));
    }

    private void claim(String env, Key k) {
        Key other = byEnv.putIfAbsent(env, k);
        if (other != null) throw new IllegalStateException(env + " would set both " + other.path() + " and " + k.path());
    }

    static String envName(String path) {
        return "VIGIL_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) b.append('_').append(Character.toLowerCase(ch));
            else b.append(ch);
        }
        return b.toString();
    }
}
