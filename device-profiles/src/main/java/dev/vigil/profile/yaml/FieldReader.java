package dev.vigil.profile.yaml;

import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.ParameterSpec;
import dev.vigil.profile.yaml.YamlFile.Entry;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one field (or device parameter) declaration of a profile, such as
 * {@code floor: {type: integer, min: -5, max: 100, labels: {zh: 楼层, en: Floor}}}, reporting
 * every problem with its line.
 */
public final class FieldReader {
    /** Field and parameter names: usable as JSON keys, InfluxDB field keys and rule identifiers. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> RESERVED = Set.of("ts", "time", "values", "device", "profile", "enterprise", "region");
    private static final List<String> FIELD_KEYS = List.of("type", "unit", "min", "max", "values", "max_length", "code", "labels");
    private static final List<String> PARAM_KEYS = List.of("type", "unit", "min", "max", "values", "max_length", "default", "labels");
    private static final String TYPES = YamlFile.names(Arrays.stream(FieldType.values()).map(FieldType::yamlName).toList());

    private final YamlFile y;

    public FieldReader(YamlFile y) {
        this.y = y;
    }

    /**
     * Reads a declaration; {@code kind} is "field" or "parameter" (parameters also take a
     * {@code default}). Returns null when the declaration is unusable; problems go to the file.
     */
    public ParameterSpec read(Entry e, String kind) {
        boolean param = kind.equals("parameter");
        String what = kind + " '" + e.name() + "'";
        boolean ok = true;
        if (!NAME.matcher(e.name()).matches()) {
            y.problem(e.key(), what + ": names must be lower-case letters, digits and '_', starting with a letter (at most 63)");
            ok = false;
        } else if (!param && RESERVED.contains(e.name())) {
            y.problem(e.key(), what + ": the name is reserved (" + YamlFile.names(RESERVED.stream().sorted().toList()) + "); choose another");
            ok = false;
        }
        Map<String, Entry> m = y.mapping(e.value(), what);
        if (m == null) return null;
        List<String> allowed = param ? PARAM_KEYS : FIELD_KEYS;
        for (Entry k : m.values()) {
            if (!allowed.contains(k.name())) {
                y.problem(k.key(), what + ": unknown key '" + k.name() + "': expected " + YamlFile.names(allowed));
            }
        }
        FieldType type = type(m.get("type"), e, what);
        if (type == null) ok = false;
        String unit = unit(m.get("unit"), type, what);
        Double min = bound(m.get("min"), type, what);
        Double max = bound(m.get("max"), type, what);
        if (min != null && max != null && min > max) {
            y.problem(m.get("max").key(), what + ": min " + fmt(min) + " is greater than max " + fmt(max) + ": swap them or fix one");
            ok = false;
        }
        List<String> values = values(m.get("values"), type, e, what);
        if (type == FieldType.ENUM && values == null) ok = false;
        int maxLength = maxLength(m.get("max_length"), type, what);
        String code = m.containsKey("code") ? y.text(m.get("code").value(), what + ": code") : null;
        String[] labels = labels(m.get("labels"), e.key(), what);
        if (labels == null) ok = false;
        if (!ok) return null;
        FieldSpec spec = new FieldSpec(e.name(), type, unit, min, max, values, maxLength, labels[0], labels[1], code);
        Object def = param ? defaultValue(m.get("default"), spec, what) : null;
        return new ParameterSpec(spec, def);
    }

    /** Reads {@code labels: {zh: ..., en: ...}}; returns [zh, en] or null (reported). */
    public String[] labels(Entry e, Node owner, String what) {
        if (e == null) {
            y.problem(owner, what + ": missing 'labels': expected labels: {zh: <Chinese>, en: <English>}");
            return null;
        }
        Map<String, Entry> m = y.mapping(e.value(), what + ": labels");
        if (m == null) return null;
        for (Entry k : m.values()) {
            if (!k.name().equals("zh") && !k.name().equals("en")) {
                y.problem(k.key(), what + ": labels: unknown language '" + k.name() + "': expected zh and en");
            }
        }
        String zh = label(m, "zh", "Chinese", e, what);
        String en = label(m, "en", "English", e, what);
        return zh == null || en == null ? null : new String[] {zh, en};
    }

    private String label(Map<String, Entry> m, String lang, String language, Entry labels, String what) {
        Entry l = m.get(lang);
        if (l == null) {
            y.problem(labels.key(), what + ": labels lack '" + lang + "' (the " + language + " label)");
            return null;
        }
        return y.text(l.value(), what + ": labels." + lang);
    }

    private FieldType type(Entry t, Entry field, String what) {
        if (t == null) {
            y.problem(field.key(), what + ": missing 'type': expected one of " + TYPES);
            return null;
        }
        String s = y.text(t.value(), what + ": type");
        if (s == null) return null;
        for (FieldType ft : FieldType.values()) if (ft.yamlName().equals(s)) return ft;
        y.problem(t.value(), what + ": unknown type '" + s + "': expected one of " + TYPES);
        return null;
    }

    private String unit(Entry u, FieldType type, String what) {
        if (u == null || type == null) return null;
        if (type != FieldType.NUMBER && type != FieldType.INTEGER) {
            y.problem(u.key(), what + ": 'unit' applies only to number and integer fields, not " + type.yamlName());
            return null;
        }
        return y.text(u.value(), what + ": unit");
    }

    private Double bound(Entry b, FieldType type, String what) {
        if (b == null || type == null) return null;
        if (type != FieldType.NUMBER && type != FieldType.INTEGER) {
            y.problem(b.key(), what + ": '" + b.name() + "' applies only to number and integer fields, not " + type.yamlName());
            return null;
        }
        if (type == FieldType.INTEGER) {
            Long l = y.integer(b.value(), what + ": " + b.name() + " of an integer field");
            return l == null ? null : l.doubleValue();
        }
        return y.number(b.value(), what + ": " + b.name());
    }

    private List<String> values(Entry v, FieldType type, Entry field, String what) {
        if (type != FieldType.ENUM) {
            if (v != null && type != null) {
                y.problem(v.key(), what + ": 'values' applies only to enum fields, not " + type.yamlName());
            }
            return List.of();
        }
        if (v == null) {
            y.problem(field.key(), what + ": an enum needs 'values': the list of allowed values, e.g. values: [closed, open]");
            return null;
        }
        List<Node> items = y.sequence(v.value(), what + ": values");
        if (items == null) return null;
        if (items.isEmpty()) {
            y.problem(v.value(), what + ": values must list at least one allowed value");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : items) {
            String s = y.text(n, what + ": each value");
            if (s == null) return null;
            if (out.contains(s)) {
                y.problem(n, what + ": value '" + s + "' is listed twice");
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private int maxLength(Entry e, FieldType type, String what) {
        if (e == null || type == null) return 0;
        if (type != FieldType.STRING) {
            y.problem(e.key(), what + ": 'max_length' applies only to string fields, not " + type.yamlName());
            return 0;
        }
        Long l = y.integer(e.value(), what + ": max_length");
        if (l != null && (l < 1 || l > 65_536)) {
            y.problem(e.value(), what + ": max_length must be between 1 and 65536, got " + l);
            return 0;
        }
        return l == null ? 0 : l.intValue();
    }

    private Object defaultValue(Entry d, FieldSpec spec, String what) {
        if (d == null) return null;
        try {
            return new ParameterSpec(spec, null).normalize(y.toJava(d.value()));
        } catch (IllegalArgumentException ex) {
            y.problem(d.value(), what + ": default: " + ex.getMessage());
            return null;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
