package dev.vigil.profile.modbus;

import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.FieldType;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds small profiles for the register-map tests from YAML (fields + other sections); not the product's profile loader. */
final class TestProfiles {
    private TestProfiles() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    static DeviceProfile fromFile(Path file) {
        try {
            return build(file.getFileName().toString(), yaml(Files.readString(file)), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeviceProfile fromText(String name, String text) {
        return build(name, yaml(text), null);
    }

    @SuppressWarnings("unchecked")
    static DeviceProfile build(String name, Map<String, Object> doc, Path source) {
        List<FieldSpec> fields = new ArrayList<>();
        for (Object o : (List<Object>) doc.get("fields")) {
            Map<String, Object> f = (Map<String, Object>) o;
            FieldType type = FieldType.valueOf(f.get("type").toString().toUpperCase(Locale.ROOT));
            List<String> values = f.containsKey("values") ? ((List<Object>) f.get("values")).stream().map(String::valueOf).toList() : List.of();
            fields.add(new FieldSpec((String) f.get("name"), type, "", num(f.get("min")), num(f.get("max")), values, 0, "", ""));
        }
        Map<String, Object> sections = new LinkedHashMap<>(doc);
        sections.remove("fields");
        return new DeviceProfile(name, 1, name, name, fields, sections, source);
    }

    private static Double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
