package dev.vigil.profile;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden cases under cases/payload/: each folder's payload.json or payload.cbor.hex is decoded for
 * the device and profile named in case.yaml (the folder's own NAME.yaml, else the shipped one) at the
 * case's receive time, and the readings or the refusal (reason, field, message) must equal
 * expected.yaml exactly. The folders are written by generate.py.
 */
class PayloadGoldenCasesTest {
    static final Path SHIPPED = Path.of("profiles");

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException, URISyntaxException {
        List<Path> dirs = caseDirs();
        assertTrue(dirs.size() >= 40, "golden cases found: " + dirs);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> run(d)));
    }

    /** Every case folder, sorted by name. */
    static List<Path> caseDirs() throws IOException, URISyntaxException {
        Path root = Path.of(PayloadGoldenCasesTest.class.getResource("/cases/payload").toURI());
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** One case folder's input: the device, its profile, the receive time and the decoder with the case's limits. */
    record Case(Path dir, Device device, DeviceProfile profile, long receivedAt, TelemetryDecoder decoder, Map<String, Object> expected) {

        static Case load(Path dir) throws IOException {
            Map<String, Object> c = yaml(dir.resolve("case.yaml"));
            String profileName = (String) c.get("profile");
            Path own = dir.resolve(profileName + ".yaml");
            DeviceProfile profile = ProfileLoader.loadFile(Files.exists(own) ? own : SHIPPED.resolve(profileName + ".yaml"));
            Device device = new Device((String) c.get("device"), profile.name(), "", "", Map.of(), null, null);
            TelemetryDecoder.Limits d = TelemetryDecoder.Limits.defaults();
            int maxBatch = c.containsKey("max_batch") ? ((Number) c.get("max_batch")).intValue() : d.maxBatch();
            return new Case(dir, device, profile, ((Number) c.get("received_at")).longValue(),
                    new TelemetryDecoder(new TelemetryDecoder.Limits(d.maxFutureSkewMillis(), d.maxPastAgeMillis(), maxBatch)),
                    yaml(dir.resolve("expected.yaml")));
        }

        /** Decodes with {@code decode} and asserts its readings or refusal equal expected.yaml. */
        @SuppressWarnings("unchecked")
        void check(String protocol, java.util.function.Supplier<List<Telemetry>> decode) {
            if (expected.containsKey("refusal")) {
                Map<String, Object> want = (Map<String, Object>) expected.get("refusal");
                Rejection r = assertThrows(Rejection.class, decode::get);
                assertEquals(want.get("message"), r.getMessage(), "message");
                assertEquals(want.get("reason"), r.reason().label(), "reason of: " + r.getMessage());
                assertEquals(want.get("field"), r.field(), "field of: " + r.getMessage());
                return;
            }
            List<Telemetry> got = decode.get();
            List<Map<String, Object>> want = (List<Map<String, Object>>) expected.get("readings");
            assertEquals(want.size(), got.size(), "readings: " + got);
            for (int i = 0; i < want.size(); i++) {
                Telemetry t = got.get(i);
                assertEquals(((Number) want.get(i).get("ts")).longValue(), t.time(), "time of reading " + i);
                assertEquals(typed(profile, (Map<String, Object>) want.get(i).get("values")), t.asMap(), "values of reading " + i);
                assertEquals(device, t.device());
                assertEquals(protocol, t.protocol());
            }
        }
    }

    private static void run(Path dir) throws IOException {
        Case c = Case.load(dir);
        String protocol = Files.exists(dir.resolve("payload.json")) ? "json" : "cbor";
        c.check(protocol, () -> decode(c, protocol));
    }

    private static List<Telemetry> decode(Case c, String protocol) {
        try {
            byte[] payload = protocol.equals("json") ? Files.readAllBytes(c.dir().resolve("payload.json")) : hex(c.dir().resolve("payload.cbor.hex"));
            TelemetryDecoder.Decoded d = protocol.equals("json")
                    ? c.decoder().decodeJson(c.device(), c.profile(), payload, c.receivedAt(), protocol)
                    : c.decoder().decodeCbor(c.device(), c.profile(), payload, c.receivedAt(), protocol);
            // the tree path (recorded data, adapters' values) is the same pass: same readings
            JsonNode root = protocol.equals("json") ? TelemetryDecoder.parseJson(payload) : TelemetryDecoder.parseCbor(payload);
            assertEquals(root.isArray(), d.array(), "array");
            List<Telemetry> fromTree = c.decoder().decode(c.device(), c.profile(), root, c.receivedAt(), protocol);
            assertEquals(fromTree.toString(), d.readings().toString(), "readings decoded from the tree");
            return d.readings();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Expected values as Telemetry holds them: Long for integer fields, Double for number fields. */
    private static Map<String, Object> typed(DeviceProfile profile, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldSpec f : profile.fields()) {
            if (!values.containsKey(f.name())) continue;
            Object v = values.get(f.name());
            if (v instanceof Number n) v = f.type() == FieldType.INTEGER ? (Object) n.longValue() : (Object) n.doubleValue();
            out.put(f.name(), v);
        }
        assertEquals(values.keySet(), out.keySet(), "expected.yaml names only profile fields");
        return out;
    }

    private static byte[] hex(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(sb);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }
}
