package dev.vigil.profile.yaml;

import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import dev.vigil.profile.hj212.Hj212Mapping;
import dev.vigil.profile.yaml.YamlFile.Entry;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks a profile's {@code hj212:} section (pollutant codes to fields, flag fields,
 * the reading-flag and period fields) into an {@link Hj212Mapping}, reporting each problem at
 * its line.
 */
final class Hj212SectionReader {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{1,12}");
    private static final List<String> KEYS = List.of("reading_flag", "period_field", "fields");
    private static final List<String> FIELD_KEYS = List.of("codes", "flag");
    /** HJ 212-2017 data flags, which a flag field must all allow. */
    static final List<String> FLAGS = List.of("N", "F", "M", "S", "D", "C", "T", "B");
    static final List<String> PERIODS = List.of("minute", "hour", "day");

    private final YamlFile y;
    private final Map<String, FieldSpec> fields = new HashMap<>();

    Hj212SectionReader(YamlFile y, List<FieldSpec> fields) {
        this.y = y;
        if (fields != null) for (FieldSpec f : fields) this.fields.put(f.name(), f);
    }

    /** The mapping, or null when there was a problem (reported). */
    Hj212Mapping read(Entry section) {
        int before = y.problems().size();
        Map<String, Entry> top = y.mapping(section.value(), "hj212");
        if (top == null) return null;
        for (Entry e : top.values()) {
            if (!KEYS.contains(e.name())) y.problem(e.key(), "hj212: unknown key '" + e.name() + "': expected " + YamlFile.names(KEYS));
        }
        String readingFlag = top.containsKey("reading_flag") ? enumField(top.get("reading_flag").value(), "hj212.reading_flag", FLAGS) : null;
        String period = top.containsKey("period_field") ? enumField(top.get("period_field").value(), "hj212.period_field", PERIODS) : null;
        Map<String, Hj212Mapping.Target> codes = new LinkedHashMap<>();
        Map<String, Integer> codeLines = new HashMap<>();
        Entry fe = top.get("fields");
        if (fe == null) {
            y.problem(section.key(), "hj212: missing 'fields': expected fields: {so2: {codes: [a21026, '02'], flag: so2_flag}, ...}");
        } else {
            Map<String, Entry> m = y.mapping(fe.value(), "hj212.fields");
            if (m != null) {
                for (Entry f : m.values()) readField(f, codes, codeLines);
            }
        }
        return y.problems().size() > before ? null : new Hj212Mapping(codes, readingFlag, period);
    }

    private void readField(Entry f, Map<String, Hj212Mapping.Target> codes, Map<String, Integer> codeLines) {
        String where = "hj212.fields." + f.name();
        FieldSpec spec = fields.get(f.name());
        if (spec == null) {
            y.problem(f.key(), where + ": the profile has no field '" + f.name() + "'");
        } else if (!spec.numeric()) {
            y.problem(f.key(), where + ": field '" + f.name() + "' is " + spec.type().yamlName() + "; HJ 212 values need a number field");
        }
        Map<String, Entry> m = y.mapping(f.value(), where);
        if (m == null) return;
        for (Entry e : m.values()) {
            if (!FIELD_KEYS.contains(e.name())) y.problem(e.key(), where + ": unknown key '" + e.name() + "': expected " + YamlFile.names(FIELD_KEYS));
        }
        String flag = m.containsKey("flag") ? enumField(m.get("flag").value(), where + ".flag", FLAGS) : null;
        Entry ce = m.get("codes");
        if (ce == null) {
            y.problem(f.key(), where + ": missing 'codes': expected codes: [a21026, '02'] (2017 code, legacy 2005 codes)");
            return;
        }
        List<Node> list = y.sequence(ce.value(), where + ".codes");
        if (list == null) return;
        if (list.isEmpty()) y.problem(ce.value(), where + ".codes: give at least one pollutant code");
        for (Node n : list) {
            String code = y.text(n, where + ".codes");
            if (code == null) continue;
            if (!CODE.matcher(code).matches()) {
                y.problem(n, where + ".codes: '" + code + "' is not a pollutant code (1 to 12 letters and digits, e.g. a21026)");
                continue;
            }
            Integer first = codeLines.putIfAbsent(code, YamlFile.line(n));
            if (first != null) {
                y.problem(n, where + ".codes: code '" + code + "' is already mapped at line " + first);
                continue;
            }
            codes.put(code, new Hj212Mapping.Target(f.name(), flag));
        }
    }

    /** The name of an enum field allowing every one of {@code needed}, or null (reported). */
    private String enumField(Node n, String where, List<String> needed) {
        String name = y.text(n, where);
        if (name == null) return null;
        FieldSpec spec = fields.get(name);
        if (spec == null) {
            y.problem(n, where + ": the profile has no field '" + name + "'");
            return null;
        }
        if (spec.type() != FieldType.ENUM || !spec.values().containsAll(needed)) {
            y.problem(n, where + ": field '" + name + "' must be an enum with the values " + needed);
            return null;
        }
        return name;
    }
}
