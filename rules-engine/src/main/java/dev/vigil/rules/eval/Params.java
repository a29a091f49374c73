package dev.vigil.rules.eval;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ParameterSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device parameters a rule's expressions may use: those the profile declares (with their
 * types and defaults) plus the rule's own {@code params:} defaults, which take precedence.
 *
 * @param types    CEL type of each parameter
 * @param defaults default value of each parameter that has one
 */
record Params(Map<String, CelType> types, Map<String, Object> defaults) {

    static Params of(DeviceProfile profile, Map<String, Object> ruleParams) {
        Map<String, CelType> types = new LinkedHashMap<>();
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Map.Entry<String, ParameterSpec> e : ParameterSpec.of(profile).entrySet()) {
            types.put(e.getKey(), CelCompiler.type(e.getValue().spec()));
            if (e.getValue().defaultValue() != null) defaults.put(e.getKey(), e.getValue().defaultValue());
        }
        for (Map.Entry<String, Object> e : ruleParams.entrySet()) {
            CelType t = types.computeIfAbsent(e.getKey(), k -> CelCompiler.typeOf(e.getValue()));
            defaults.put(e.getKey(), coerce(t, e.getValue()));
        }
        return new Params(Map.copyOf(types), Map.copyOf(defaults));
    }

    /** A parameter value as the CEL type declared for it (numbers are widened or narrowed). */
    static Object coerce(CelType t, Object v) {
        if (v instanceof Number n) {
            if (t.equals(SimpleType.DOUBLE)) return n.doubleValue();
            if (t.equals(SimpleType.INT)) return n.longValue();
        }
        if (t.equals(SimpleType.STRING) && v != null && !(v instanceof String)) return String.valueOf(v);
        return v;
    }

    /** The value of a parameter for a device: its own, else the default; null when neither. */
    Object value(Map<String, Object> deviceParams, String name) {
        CelType t = types.get(name);
        if (t == null) return null;
        Object v = deviceParams.get(name);
        return coerce(t, v != null ? v : defaults.get(name));
    }
}
