package dev.vigil.profile.jt808;

import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.yaml.YamlFile;
import dev.vigil.profile.yaml.YamlFile.Entry;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code jt808:} section of a profile while the profile is read, reporting each problem
 * at its file:line with what would be accepted:
 *
 * <pre>
 * jt808:
 *   items:
 *     - {id: 0x01, field: mileage, type: dword, scale: 0.1}
 *     - {id: 0xE1, field: lock, type: byte, values: {0: locked, 1: unlocked, 2: tampered}}
 * </pre>
 */
public final class ItemMappingReader {
    private static final List<String> SECTION_KEYS = List.of("items");
    private static final List<String> ITEM_KEYS = List.of("id", "field", "type", "offset", "scale", "values");

    private ItemMappingReader() {}

    /** Checks the section against the profile's fields; problems go to the file's problem list. */
    public static void check(YamlFile y, Entry section, List<FieldSpec> fields) {
        Map<String, Entry> top = y.mapping(section.value(), "jt808");
        if (top == null) return;
        for (Entry e : top.values()) {
            if (!SECTION_KEYS.contains(e.name())) y.problem(e.key(), "jt808: unknown key '" + e.name() + "'; accepted: items");
        }
        Entry items = top.get("items");
        if (items == null) {
            y.problem(section.key(), "jt808: missing 'items': a list of {id, field, type, offset, scale, values}");
            return;
        }
        List<Node> list = y.sequence(items.value(), "jt808.items");
        if (list == null) return;
        Map<String, FieldSpec> byName = new LinkedHashMap<>();
        if (fields != null) for (FieldSpec f : fields) byName.put(f.name(), f);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) item(y, list.get(i), "jt808.items[" + i + "]", byName, seen);
    }

    private static void item(YamlFile y, Node n, String where, Map<String, FieldSpec> fields, Set<String> seen) {
        Map<String, Entry> m = y.mapping(n, where);
        if (m == null) return;
        for (Entry e : m.values()) {
            if (!ITEM_KEYS.contains(e.name())) y.problem(e.key(), where + ": unknown key '" + e.name() + "'; accepted: " + ITEM_KEYS);
        }
        Entry id = m.get("id");
        if (id == null) {
            y.problem(n, where + ": missing 'id': the additional-information item id, 0x00-0xFF (vendor items 0xE0-0xFF)");
        } else {
            Long v = y.integer(id.value(), where + ".id");
            if (v != null && (v < 0 || v > 0xFF)) y.problem(id.value(), where + ".id: " + v + " is not an item id 0x00-0xFF");
        }
        Entry field = m.get("field");
        FieldSpec spec = null;
        if (field == null) {
            y.problem(n, where + ": missing 'field': the profile field the item fills");
        } else {
            String name = y.text(field.value(), where + ".field");
            if (name != null) {
                spec = fields.get(name);
                if (spec == null) {
                    y.problem(field.value(), where + ".field: the profile has no field '" + name + "'; it has " + YamlFile.names(fields.keySet()));
                } else if (!seen.add(name)) {
                    y.problem(field.value(), where + ".field: '" + name + "' is filled by an earlier item already");
                }
            }
        }
        Entry type = m.get("type");
        ItemRule.Width width = ItemRule.Width.BYTE;
        if (type != null) {
            String t = y.text(type.value(), where + ".type");
            width = t == null ? null : width(t);
            if (t != null && width == null) y.problem(type.value(), where + ".type: '" + t + "' is not byte, word or dword");
        }
        Entry offset = m.get("offset");
        if (offset != null) {
            Long v = y.integer(offset.value(), where + ".offset");
            if (v != null && (v < 0 || v > 254)) y.problem(offset.value(), where + ".offset: " + v + " is outside 0-254 (item contents are at most 255 bytes)");
        }
        Entry scale = m.get("scale");
        if (scale != null) {
            Double v = y.number(scale.value(), where + ".scale");
            if (v != null && v == 0) y.problem(scale.value(), where + ".scale must not be 0");
        }
        Entry values = m.get("values");
        if (values != null) values(y, values, where, spec);
        else if (spec != null && !spec.numeric()) {
            y.problem(field.value(), where + ": field '" + spec.name() + "' is " + spec.type().name().toLowerCase(Locale.ROOT)
                    + ", so the item needs 'values' mapping raw values to " + (spec.values().isEmpty() ? "text" : spec.values()));
        }
    }

    private static void values(YamlFile y, Entry values, String where, FieldSpec spec) {
        Map<String, Entry> vm = y.mapping(values.value(), where + ".values");
        if (vm == null) return;
        if (spec != null && spec.type() != FieldType.ENUM && spec.type() != FieldType.STRING) {
            y.problem(values.key(), where + ".values: field '" + spec.name() + "' is a " + spec.type().name().toLowerCase(Locale.ROOT)
                    + "; 'values' is for enum and string fields");
            return;
        }
        for (Entry v : vm.values()) {
            try {
                Long.decode(v.name());
            } catch (NumberFormatException ex) {
                y.problem(v.key(), where + ".values: key '" + v.name() + "' is not a whole number (the item's raw value)");
            }
            String name = y.text(v.value(), where + ".values." + v.name());
            if (name != null && spec != null && spec.type() == FieldType.ENUM && !spec.values().contains(name)) {
                y.problem(v.value(), where + ".values." + v.name() + ": '" + name + "' is not a value of enum field '"
                        + spec.name() + "'; accepted: " + spec.values());
            }
        }
    }

    private static ItemRule.Width width(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "byte" -> ItemRule.Width.BYTE;
            case "word" -> ItemRule.Width.WORD;
            case "dword" -> ItemRule.Width.DWORD;
            default -> null;
        };
    }

    /** One rule from an item of a section that {@link #check} found without problems. */
    static ItemRule rule(Map<?, ?> m) {
        int id = ((Number) m.get("id")).intValue();
        String field = String.valueOf(m.get("field"));
        ItemRule.Width width = m.get("type") == null ? ItemRule.Width.BYTE : width(String.valueOf(m.get("type")));
        int offset = m.get("offset") == null ? 0 : ((Number) m.get("offset")).intValue();
        double scale = m.get("scale") == null ? 1.0 : ((Number) m.get("scale")).doubleValue();
        Map<Long, String> values = new LinkedHashMap<>();
        if (m.get("values") instanceof Map<?, ?> vm) {
            for (Map.Entry<?, ?> e : vm.entrySet()) values.put(Long.decode(String.valueOf(e.getKey())), String.valueOf(e.getValue()));
        }
        return new ItemRule(id, field, width, offset, scale, values);
    }
}
