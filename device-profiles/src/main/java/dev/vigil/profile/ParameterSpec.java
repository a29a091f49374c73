package dev.vigil.profile;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device parameter a profile declares in its {@code parameters} section (rated speed,
 * emission limits ...): its type, range and labels as a {@link FieldSpec}, and its default value.
 *
 * @param spec         type, unit, range, allowed values and labels
 * @param defaultValue the value a device gets when its registry entry does not set one, or null
 */
public record ParameterSpec(FieldSpec spec, Object defaultValue) {

    /** The parameters a profile declares, by name in declaration order (empty if none). */
    public static Map<String, ParameterSpec> of(DeviceProfile profile) {
        Object section = profile.sections().get("parameters");
        if (!(section instanceof Map<?, ?> m)) return Map.of();
        Map<String, ParameterSpec> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> p)) continue;
            String name = String.valueOf(e.getKey());
            FieldType type = typeOf(p.get("type"));
            if (type == null) continue;
            Map<?, ?> labels = p.get("labels") instanceof Map<?, ?> l ? l : Map.of();
            List<String> values = p.get("values") instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of();
            FieldSpec spec = new FieldSpec(name, type, str(p.get("unit")), num(p.get("min")), num(p.get("max")),
                    values, p.get("max_length") instanceof Number n ? n.intValue() : 0,
                    str(labels.get("zh")), str(labels.get("en")), str(p.get("code")));
            ParameterSpec ps = new ParameterSpec(spec, null);
            Object def = p.get("default");
            out.put(name, new ParameterSpec(spec, def == null ? null : ps.normalize(def)));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A value checked against this parameter and converted to its Java type (Double for number,
     * Long for integer, Boolean, or String for enum and string).
     *
     * @throws IllegalArgumentException saying what was expected, when the value does not fit
     */
    public Object normalize(Object raw) {
        FieldSpec f = spec;
        switch (f.type()) {
            case NUMBER, INTEGER -> {
                if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw new IllegalArgumentException("expected " + f.type().yamlName() + ", got " + describe(raw));
                }
                double d = n.doubleValue();
                boolean whole = raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger || d == Math.rint(d);
                if (f.type() == FieldType.INTEGER && !whole) {
                    throw new IllegalArgumentException("expected a whole number, got " + describe(raw));
                }
                if ((f.min() != null && d < f.min()) || (f.max() != null && d > f.max())) {
                    throw new IllegalArgumentException(describe(raw) + " is outside the valid range " + f.rangeText()
                            + (f.unit().isEmpty() ? "" : " " + f.unit()));
                }
                return f.type() == FieldType.INTEGER ? (Object) n.longValue() : (Object) d;
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean b) return b;
                throw new IllegalArgumentException("expected true or false, got " + describe(raw));
            }
            case ENUM -> {
                if (raw instanceof String s && f.values().contains(s)) return s;
                throw new IllegalArgumentException("expected one of " + String.join(", ", f.values()) + ", got " + describe(raw));
            }
            default -> {
                if (!(raw instanceof String s)) throw new IllegalArgumentException("expected text, got " + describe(raw));
                if (s.length() > f.maxLength()) {
                    throw new IllegalArgumentException("text of " + s.length() + " characters is longer than " + f.maxLength());
                }
                return s;
            }
        }
    }

    /**
     * A value given as text (a command-line {@code --param k=v}) converted to this parameter's type.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public Object parse(String text) {
        Object raw = text;
        switch (spec.type()) {
            case NUMBER, INTEGER -> {
                try {
                    raw = spec.type() == FieldType.INTEGER ? (Object) Long.parseLong(text.strip()) : (Object) Double.parseDouble(text.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected " + (spec.type() == FieldType.INTEGER ? "a whole number" : "a number")
                            + ", got '" + text + "'");
                }
            }
            case BOOLEAN -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("expected true or false, got '" + text + "'");
                }
                raw = Boolean.valueOf(text);
            }
            default -> { }
        }
        return normalize(raw);
    }

    static String describe(Object v) {
        if (v == null) return "nothing (null)";
        if (v instanceof String s) return "text '" + s + "'";
        if (v instanceof Number) return "number " + v;
        if (v instanceof Boolean) return "boolean " + v;
        if (v instanceof Map) return "a mapping";
        if (v instanceof List) return "a list";
        return v.getClass().getSimpleName() + " " + v;
    }

    private static FieldType typeOf(Object o) {
        for (FieldType t : FieldType.values()) if (t.yamlName().equals(o)) return t;
        return null;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
