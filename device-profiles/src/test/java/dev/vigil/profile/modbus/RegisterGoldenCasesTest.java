package dev.vigil.profile.modbus;

import dev.vigil.profile.DeviceProfile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden cases under cases/modbus/: each folder's profile.yaml is planned, the plan's reads are
 * served from registers.txt (wire bytes), and the decoded values and per-register errors must equal
 * expected.yaml exactly.
 */
class RegisterGoldenCasesTest {

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException, URISyntaxException {
        Path root = Path.of(getClass().getResource("/cases/modbus").toURI());
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(dirs.size() >= 12, "golden cases found: " + dirs);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> run(d)));
    }

    @SuppressWarnings("unchecked")
    private void run(Path dir) throws IOException {
        DeviceProfile profile = TestProfiles.fromFile(dir.resolve("profile.yaml"));
        RegisterMap map = RegisterMap.parse(profile, PlanOptions.defaults());
        Map<RegisterTable, Map<Integer, Integer>> memory = memory(dir.resolve("registers.txt"));
        Object[] values = new Object[profile.fields().size()];
        List<RegisterDecodeException> errors = new ArrayList<>();
        for (ReadRequest r : map.plan()) {
            int[] data = new int[r.count()];
            Map<Integer, Integer> table = memory.getOrDefault(r.table(), Map.of());
            for (int i = 0; i < r.count(); i++) {
                data[i] = table.getOrDefault(r.start() + i, 0); // unmapped gaps read as 0
            }
            map.decode(r, data, values, errors);
        }
        Map<String, Object> expected = TestProfiles.yaml(Files.readString(dir.resolve("expected.yaml")));
        Map<String, Object> want = (Map<String, Object>) expected.getOrDefault("values", Map.of());
        Map<String, Object> wantErrors = (Map<String, Object>) expected.getOrDefault("errors", Map.of());
        for (int i = 0; i < values.length; i++) {
            String field = profile.fields().get(i).name();
            if (want.containsKey(field)) {
                assertValue(field, want.get(field), values[i]);
            } else {
                assertNull(values[i], field + " should have no value");
            }
        }
        Map<String, String> got = new HashMap<>();
        for (RegisterDecodeException e : errors) got.put(e.field(), e.getMessage());
        assertEquals(wantErrors.keySet(), got.keySet(), "fields with errors");
        for (Map.Entry<String, Object> e : wantErrors.entrySet()) {
            assertTrue(got.get(e.getKey()).contains(e.getValue().toString()),
                    "error of " + e.getKey() + ": " + got.get(e.getKey()));
            assertTrue(got.get(e.getKey()).contains("profile.yaml:"), "error names file:line: " + got.get(e.getKey()));
        }
    }

    private static void assertValue(String field, Object want, Object got) {
        if (want instanceof Double d) {
            assertEquals(Double.class, got == null ? null : got.getClass(), field);
            assertEquals(d, (Double) got, 0.0, field);
        } else if (want instanceof Number n) {
            assertEquals(Long.class, got == null ? null : got.getClass(), field);
            assertEquals(n.longValue(), (long) (Long) got, field);
        } else {
            assertEquals(want, got, field);
        }
    }

    private static Map<RegisterTable, Map<Integer, Integer>> memory(Path file) throws IOException {
        Map<RegisterTable, Map<Integer, Integer>> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] head = line.substring(0, line.indexOf(':')).trim().split("\\s+");
            RegisterTable t = RegisterTable.fromYaml(head[0]);
            int addr = Integer.parseInt(head[1]);
            String[] bytes = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
            Map<Integer, Integer> table = m.computeIfAbsent(t, k -> new HashMap<>());
            if (t.bits()) {
                for (int i = 0; i < bytes.length; i++) table.put(addr + i, Integer.parseInt(bytes[i], 16));
            } else {
                for (int i = 0; i + 1 < bytes.length; i += 2) {
                    table.put(addr + i / 2, (Integer.parseInt(bytes[i], 16) << 8) | Integer.parseInt(bytes[i + 1], 16));
                }
            }
        }
        return m;
    }
}
