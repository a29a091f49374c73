package dev.vigil.profile.modbus;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the {@code modbus} section of a profile (see {@link RegisterMap} for the format);
 * every error names the file:line (when the profile has a source file) and what would be accepted.
 */
final class RegisterMapParser {
    private static final List<String> SECTION_KEYS = List.of("registers", "max_gap_registers", "max_gap_bits");
    private static final List<String> ENTRY_KEYS = List.of("field", "table", "address", "type", "order",
            "length", "bit", "scale", "offset", "enum", "enum_default");

    private final DeviceProfile profile;
    private final YamlLocator locator;

    RegisterMapParser(DeviceProfile profile) {
        this.profile = profile;
        this.locator = new YamlLocator(profile.source());
    }

    RegisterMap parse(PlanOptions defaults) {
        Object section = profile.sections().get("modbus");
        if (section == null) throw error(List.of(), "no modbus section; a device polled over Modbus needs its profile to map registers");
        if (!(section instanceof Map<?, ?> m)) throw error(List.of("modbus"), "modbus: expected a map with 'registers', got " + kind(section));
        for (Object k : m.keySet()) {
            if (!SECTION_KEYS.contains(String.valueOf(k))) {
                throw error(List.of("modbus", String.valueOf(k)), "modbus: unknown key '" + k + "'; accepted: " + SECTION_KEYS);
            }
        }
        PlanOptions options = new PlanOptions(
                gap(m, "max_gap_registers", defaults.maxGapRegisters()),
                gap(m, "max_gap_bits", defaults.maxGapBits()));
        Object regs = m.get("registers");
        if (!(regs instanceof List<?> list) || list.isEmpty()) {
            throw error(List.of("modbus"), "modbus.registers: expected a non-empty list of register entries");
        }
        List<RegisterSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            RegisterSpec s = entry(i, list.get(i));
            if (!seen.add(s.field())) throw error(path(i, "field"), "modbus.registers[" + i + "] (" + s.field() + "): field '"
                    + s.field() + "' is mapped twice");
            specs.add(s);
        }
        return new RegisterMap(profile, specs, ReadPlanner.plan(specs, options), options);
    }

    private int gap(Map<?, ?> m, String key, int fallback) {
        Object v = m.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Integer i) || i < 0) throw error(List.of("modbus", key), "modbus." + key + ": expected a whole number >= 0, got " + v);
        return i;
    }

    private RegisterSpec entry(int i, Object o) {
        String at = "modbus.registers[" + i + "]";
        if (!(o instanceof Map<?, ?> e)) throw error(path(i, null), at + ": expected a map (field, table, address, type ...), got " + kind(o));
        for (Object k : e.keySet()) {
            if (!ENTRY_KEYS.contains(String.valueOf(k))) throw error(path(i, String.valueOf(k)), at + ": unknown key '" + k + "'; accepted: " + ENTRY_KEYS);
        }
        Object fo = e.get("field");
        if (!(fo instanceof String fieldName)) throw error(path(i, "field"), at + ": 'field' is required (a field of profile " + profile.name() + ")");
        at = at + " (" + fieldName + ")";
        FieldSpec field = profile.field(fieldName);
        if (field == null) throw error(path(i, "field"), at + ": profile " + profile.name() + " has no field '" + fieldName + "'");

        RegisterTable table = RegisterTable.HOLDING_REGISTER;
        if (e.containsKey("table")) {
            table = RegisterTable.fromYaml(String.valueOf(e.get("table")));
            if (table == null) throw error(path(i, "table"), at + ": unknown table '" + e.get("table")
                    + "'; expected coil, discrete_input, input_register or holding_register");
        }
        DataType type;
        if (e.containsKey("type")) {
            type = DataType.fromYaml(String.valueOf(e.get("type")));
            if (type == null) throw error(path(i, "type"), at + ": unknown type '" + e.get("type")
                    + "'; expected bit, int16, uint16, int32, uint32, int64, float32, float64 or string");
        } else if (table.bits()) {
            type = DataType.BIT;
        } else {
            throw error(path(i, null), at + ": 'type' is required for a " + table.yamlName());
        }
        if (table.bits() && type != DataType.BIT) throw error(path(i, "type"), at + ": a " + table.yamlName()
                + " holds one bit; type must be bit, not " + type.yamlName());

        RegisterOrder order = RegisterOrder.ABCD;
        if (e.containsKey("order")) {
            order = RegisterOrder.fromYaml(String.valueOf(e.get("order")));
            if (order == null) throw error(path(i, "order"), at + ": unknown order '" + e.get("order") + "'; expected ABCD, CDAB, BADC or DCBA");
            if (type == DataType.STRING && order != RegisterOrder.ABCD && order != RegisterOrder.BADC) {
                throw error(path(i, "order"), at + ": a string's order is ABCD (high byte first) or BADC (low byte first), not " + order);
            }
        }
        int length = 0;
        if (type == DataType.STRING) {
            length = intIn(e, "length", i, at, 1, 125, -1);
            if (length < 0) throw error(path(i, null), at + ": a string needs 'length' in registers (1 to 125)");
        } else if (e.containsKey("length")) {
            throw error(path(i, "length"), at + ": 'length' applies only to type string");
        }
        int bit = -1;
        if (type == DataType.BIT && !table.bits()) {
            bit = intIn(e, "bit", i, at, 0, 15, -1);
            if (bit < 0) throw error(path(i, null), at + ": type bit on a " + table.yamlName() + " needs 'bit' (0 = least significant to 15)");
        } else if (e.containsKey("bit")) {
            throw error(path(i, "bit"), at + ": 'bit' applies only to type bit on input or holding registers");
        }
        int address = intIn(e, "address", i, at, 0, 65535, -1);
        if (address < 0) throw error(path(i, null), at + ": 'address' is required (0 to 65535, the protocol address)");

        checkFieldType(i, at, field, type);
        double scale = number(e, "scale", i, at, 1.0, field);
        double offset = number(e, "offset", i, at, 0.0, field);
        if (scale == 0) throw error(path(i, "scale"), at + ": scale must not be 0");
        Map<Long, String> enumeration = enumeration(e, i, at, field);
        String enumDefault = null;
        if (e.containsKey("enum_default")) {
            enumDefault = String.valueOf(e.get("enum_default"));
            if (field.type() != FieldType.ENUM || !field.values().contains(enumDefault)) {
                throw error(path(i, "enum_default"), at + ": enum_default '" + enumDefault + "' is not one of " + field.values());
            }
        }
        String where = locator.locate(path(i, null));
        RegisterSpec spec = new RegisterSpec(fieldName, table, address, type, order, length, bit, scale, offset,
                enumeration, enumDefault, where == null ? "profile " + profile.name() + " " + at : where);
        if (spec.end() > 65536) throw error(path(i, "address"), at + ": " + spec.count() + " items from address " + address + " run past 65535");
        return spec;
    }

    private void checkFieldType(int i, String at, FieldSpec field, DataType type) {
        boolean ok = switch (field.type()) {
            case STRING -> type == DataType.STRING;
            case ENUM -> type == DataType.BIT || type.integral();
            case BOOLEAN -> type != DataType.STRING && type != DataType.FLOAT32 && type != DataType.FLOAT64;
            case NUMBER, INTEGER -> type != DataType.STRING;
        };
        if (!ok) {
            throw error(path(i, "type"), at + ": type " + type.yamlName() + " cannot fill " + field.type().yamlName()
                    + " field '" + field.name() + "'" + switch (field.type()) {
                        case STRING -> "; use type string";
                        case ENUM -> "; use an integer type or bit with 'enum'";
                        default -> "";
                    });
        }
    }

    private Map<Long, String> enumeration(Map<?, ?> e, int i, String at, FieldSpec field) {
        Object o = e.get("enum");
        if (field.type() != FieldType.ENUM) {
            if (o != null) throw error(path(i, "enum"), at + ": 'enum' applies only to enum fields; '" + field.name() + "' is " + field.type().yamlName());
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
            throw error(path(i, null), at + ": enum field '" + field.name() + "' needs 'enum', a map of raw value to one of " + field.values());
        }
        Map<Long, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> x : m.entrySet()) {
            long code;
            try {
                code = x.getKey() instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(x.getKey()).trim());
            } catch (NumberFormatException ex) {
                throw error(path(i, "enum"), at + ": enum key '" + x.getKey() + "' is not a whole number");
            }
            String v = String.valueOf(x.getValue());
            if (!field.values().contains(v)) throw error(path(i, "enum"), at + ": enum value '" + v + "' for " + code + " is not one of " + field.values());
            out.put(code, v);
        }
        return out;
    }

    private int intIn(Map<?, ?> e, String key, int i, String at, int min, int max, int fallback) {
        Object v = e.get(key);
        if (v == null) return fallback;
        if (!(v instanceof Integer n) || n < min || n > max) {
            throw error(path(i, key), at + ": '" + key + "' must be a whole number from " + min + " to " + max + ", got " + v);
        }
        return n;
    }

    private double number(Map<?, ?> e, String key, int i, String at, double fallback, FieldSpec field) {
        Object v = e.get(key);
        if (v == null) return fallback;
        if (!field.numeric()) throw error(path(i, key), at + ": '" + key + "' applies only to number and integer fields");
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) throw error(path(i, key), at + ": '" + key + "' must be a number, got " + v);
        return n.doubleValue();
    }

    private static List<Object> path(int i, String key) {
        return key == null ? List.of("modbus", "registers", i) : List.of("modbus", "registers", i, key);
    }

    private ModbusMapException error(List<Object> path, String message) {
        String where = locator.locate(path);
        return new ModbusMapException((where == null ? "profile " + profile.name() : where) + ": " + message);
    }

    private static String kind(Object o) {
        if (o instanceof Map) return "a map";
        if (o instanceof List) return "a list";
        if (o instanceof String) return "a string";
        return o == null ? "nothing" : "a " + o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
