package dev.vigil.profile;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device kind (elevator, CEMS analyser ...): its fields, and the raw sections that other modules
 * interpret themselves (default rules, Modbus register map, device parameters).
 */
public final class DeviceProfile {
    private final String name;
    private final int version;
    private final String labelZh;
    private final String labelEn;
    private final List<FieldSpec> fields;
    private final Map<String, Integer> index;
    private final Map<String, Object> sections;
    private final Path source;

    /**
     * @param name     profile id, e.g. "elevator"; also the InfluxDB measurement name
     * @param version  profile version, bumped when fields change
     * @param labelZh  Chinese label
     * @param labelEn  English label
     * @param fields   fields in declaration order
     * @param sections other top-level sections of the profile file ("rules", "modbus",
     *                 "parameters" ...) as parsed YAML, left to the module that owns them
     * @param source   the file the profile was loaded from (for error messages), or null
     */
    public DeviceProfile(String name, int version, String labelZh, String labelEn,
                         List<FieldSpec> fields, Map<String, Object> sections, Path source) {
        this.name = name;
        this.version = version;
        this.labelZh = labelZh;
        this.labelEn = labelEn;
        this.fields = List.copyOf(fields);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < this.fields.size(); i++) m.put(this.fields.get(i).name(), i);
        this.index = Map.copyOf(m);
        this.sections = sections == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        this.source = source;
    }

    public String name() { return name; }
    public int version() { return version; }
    public String labelZh() { return labelZh; }
    public String labelEn() { return labelEn; }
    public List<FieldSpec> fields() { return fields; }
    public Map<String, Object> sections() { return sections; }
    public Path source() { return source; }

    /** Position of a field in {@link #fields()}, or -1 if the profile has no such field. */
    public int index(String field) {
        Integer i = index.get(field);
        return i == null ? -1 : i;
    }

    /** The named field, or null. */
    public FieldSpec field(String field) {
        Integer i = index.get(field);
        return i == null ? null : fields.get(i);
    }

    @Override
    public String toString() {
        return "DeviceProfile[" + name + " v" + version + ", " + fields.size() + " fields]";
    }
}
