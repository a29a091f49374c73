package dev.vigil.profile.yaml;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.ParameterSpec;
import dev.vigil.profile.Problem;
import dev.vigil.profile.yaml.YamlFile.Entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one profile file into a {@link DeviceProfile}: checks name, version, labels, fields and
 * parameters, reads the {@code hj212:} section into an {@link dev.vigil.profile.hj212.Hj212Mapping}, and
 * keeps every other top-level section ("rules", "modbus" ...) as plain Java maps and lists for the
 * module that owns it.
 */
public final class ProfileReader {
    /** Profile names: the file name without ".yaml", and the InfluxDB measurement name. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    private ProfileReader() {}

    /**
     * Reads a profile from its text; problems are added to {@code problems}. Returns null when
     * the file has any problem.
     */
    public static DeviceProfile read(Path file, String text, List<Problem> problems) {
        int before = problems.size();
        DeviceProfile p = readUnsorted(file, text, problems);
        YamlFile.sortFrom(problems, before);
        return p;
    }

    private static DeviceProfile readUnsorted(Path file, String text, List<Problem> problems) {
        int before = problems.size();
        YamlFile y = YamlFile.compose(file, text, problems);
        if (problems.size() > before) return null;
        if (y.root() == null) {
            y.problem(0, "empty file: expected a profile with name, version, labels and fields");
            return null;
        }
        Map<String, Entry> top = y.mapping(y.root(), "a profile");
        if (top == null) return null;
        String name = name(y, top.get("name"), file);
        Integer version = version(y, top.get("version"));
        FieldReader fr = new FieldReader(y);
        Entry labelsEntry = top.get("labels");
        String[] labels = labelsEntry == null ? missing(y, "labels", "labels: {zh: <中文名>, en: <English name>}")
                : fr.labels(labelsEntry, labelsEntry.key(), "profile");
        List<FieldSpec> fields = fields(y, fr, top.get("fields"));
        Map<String, Object> sections = new LinkedHashMap<>();
        for (Entry e : top.values()) {
            switch (e.name()) {
                case "name", "version", "labels", "fields" -> { }
                case "hj212" -> sections.put(e.name(), new Hj212SectionReader(y, fields).read(e));
                default -> {
                    if (e.name().equals("parameters")) parameters(y, fr, e);
                    if (e.name().equals("jt808")) dev.vigil.profile.jt808.ItemMappingReader.check(y, e, fields);
                    sections.put(e.name(), y.section(e.value(), e.name()));
                }
            }
        }
        if (problems.size() > before) return null;
        return new DeviceProfile(name, version, labels[0], labels[1], fields, sections, file);
    }

    private static String[] missing(YamlFile y, String key, String example) {
        y.problem(1, "missing '" + key + "': expected " + example);
        return null;
    }

    private static String name(YamlFile y, Entry e, Path file) {
        String stem = stem(file);
        if (e == null) {
            y.problem(1, "missing 'name': expected name: " + stem);
            return null;
        }
        String name = y.text(e.value(), "name");
        if (name == null) return null;
        if (!NAME.matcher(name).matches()) {
            y.problem(e.value(), "name '" + name + "': profile names are lower-case letters, digits, '-' and '_', starting with a letter");
        } else if (!name.equals(stem)) {
            y.problem(e.value(), "name '" + name + "' does not match the file name " + file.getFileName()
                    + ": write name: " + stem + " or rename the file to " + name + ".yaml");
        }
        return name;
    }

    /** The file name without ".yaml". */
    public static String stem(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".yaml") ? f.substring(0, f.length() - 5) : f;
    }

    private static Integer version(YamlFile y, Entry e) {
        if (e == null) {
            y.problem(1, "missing 'version': expected version: 1 (a whole number, bumped when fields change)");
            return null;
        }
        Long v = y.integer(e.value(), "version");
        if (v == null) return null;
        if (v < 1 || v > Integer.MAX_VALUE) {
            y.problem(e.value(), "version must be a whole number of at least 1, got " + v);
            return null;
        }
        return v.intValue();
    }

    private static List<FieldSpec> fields(YamlFile y, FieldReader fr, Entry e) {
        if (e == null) {
            y.problem(1, "missing 'fields': expected a mapping of field name to {type: ..., labels: {zh: ..., en: ...}}");
            return null;
        }
        Map<String, Entry> m = y.mapping(e.value(), "fields");
        if (m == null) return null;
        if (m.isEmpty()) {
            y.problem(e.key(), "fields: a profile needs at least one field");
            return null;
        }
        List<FieldSpec> out = new ArrayList<>();
        for (Entry f : m.values()) {
            ParameterSpec p = fr.read(f, "field");
            if (p != null) out.add(p.spec());
        }
        return out;
    }

    private static void parameters(YamlFile y, FieldReader fr, Entry e) {
        Map<String, Entry> m = y.mapping(e.value(), "parameters");
        if (m == null) return;
        for (Entry p : m.values()) fr.read(p, "parameter");
    }
}
