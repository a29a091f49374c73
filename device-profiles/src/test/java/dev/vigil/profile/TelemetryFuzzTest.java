package dev.vigil.profile;

import dev.vigil.testkit.FuzzClock;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzz targets for telemetry decoding and validation: any JSON or CBOR payload either becomes
 * readings that hold exactly the values sent (typed per field, within range, finite, with the
 * timestamp sent) or is refused with a {@link Rejection} for a payload problem; nothing else is
 * thrown and no payload takes a second. The profile ({@code fuzz.yaml}) has every field type,
 * with and without a range.
 *
 * <p>In a normal build the seed corpus ({@code TelemetryFuzzTestInputs/json} and {@code /cbor})
 * is replayed as a regression test; with {@code JAZZER_FUZZ=1} Jazzer fuzzes one target.
 */
class TelemetryFuzzTest {
    static final long NOW = 1_764_230_400_000L;
    static final DeviceProfile PROFILE = fuzzProfile();
    static final Device DEVICE = new Device("fuzz-1", PROFILE.name(), "", "", Map.of(), null, null);
    static final TelemetryDecoder DECODER = new TelemetryDecoder(new TelemetryDecoder.Limits(5 * 60_000L, 30L * 24 * 3600_000L, 100));

    static {
        // load the parsers' classes outside the timed inputs
        check("{\"level\": 1}".getBytes(StandardCharsets.UTF_8), false);
        check(new byte[] {(byte) 0xA1, 0x65, 'l', 'e', 'v', 'e', 'l', 0x01}, true);
    }

    /** The fuzz profile from the test resources. */
    static DeviceProfile fuzzProfile() {
        try (InputStream in = TelemetryFuzzTest.class.getResourceAsStream("fuzz.yaml")) {
            return ProfileLoader.parse(Path.of("fuzz.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void json(byte[] payload) {
        FuzzClock.withinASecond(() -> check(payload, false));
    }

    @FuzzTest(maxDuration = "5m")
    void cbor(byte[] payload) {
        FuzzClock.withinASecond(() -> check(payload, true));
    }

    static void check(byte[] payload, boolean cbor) {
        List<Telemetry> out;
        try {
            out = (cbor ? DECODER.decodeCbor(DEVICE, PROFILE, payload, NOW, "fuzz") : DECODER.decodeJson(DEVICE, PROFILE, payload, NOW, "fuzz")).readings();
        } catch (Rejection r) {
            assertTrue(r.reason().isPayloadProblem(), "refused for a reason that is not about the payload: " + r.reason());
            assertNotNull(r.getMessage());
            assertFalse(r.getMessage().isBlank(), "a refusal says what is wrong");
            sameRefusalFromTheTree(payload, cbor, r);
            return;
        }
        // accepted: the payload parses (strict duplicate detection) into the tree the values are checked against
        JsonNode root = cbor ? TelemetryDecoder.parseCbor(payload) : TelemetryDecoder.parseJson(payload);
        List<JsonNode> readings = new java.util.ArrayList<>();
        if (root.isArray()) root.forEach(readings::add);
        else readings.add(root);
        assertEquals(readings.size(), out.size(), "one reading per element");
        for (int i = 0; i < out.size(); i++) verify(readings.get(i), out.get(i));
    }

    /** A refused payload is refused alike when parsed into a tree first (the replay and adapters' path). */
    static void sameRefusalFromTheTree(byte[] payload, boolean cbor, Rejection r) {
        Rejection fromTree;
        try {
            JsonNode root = cbor ? TelemetryDecoder.parseCbor(payload) : TelemetryDecoder.parseJson(payload);
            DECODER.decode(DEVICE, PROFILE, root, NOW, "fuzz");
            fail("refused from bytes (" + r.getMessage() + ") but accepted from the tree");
            return;
        } catch (Rejection e) {
            fromTree = e;
        }
        assertEquals(fromTree.getMessage(), r.getMessage());
        assertEquals(fromTree.reason(), r.reason());
        assertEquals(fromTree.field(), r.field());
    }

    /** An accepted reading holds exactly what was sent, within the profile's limits. */
    static void verify(JsonNode node, Telemetry t) {
        JsonNode values = node.has("values") && PROFILE.index("values") < 0 ? node.get("values") : node;
        JsonNode ts = node.get("ts");
        if (ts == null) {
            assertEquals(NOW, t.time());
        } else {
            assertEquals(0, ts.decimalValue().compareTo(BigDecimal.valueOf(t.time())), "ts " + ts + " stored as " + t.time());
            assertTrue(t.time() <= NOW + DECODER.limits().maxFutureSkewMillis() && t.time() >= NOW - DECODER.limits().maxPastAgeMillis());
        }
        assertTrue(t.presentCount() > 0);
        for (int i = 0; i < PROFILE.fields().size(); i++) {
            FieldSpec f = PROFILE.fields().get(i);
            JsonNode v = values.get(f.name());
            Object got = t.values()[i];
            if (v == null || v.isNull()) {
                assertNull(got, f.name());
                continue;
            }
            switch (f.type()) {
                case NUMBER -> {
                    double d = assertInstanceOf(Double.class, got, f.name());
                    assertTrue(Double.isFinite(d), f.name() + " = " + d);
                    assertEquals(v.asDouble(), d, f.name());
                    inRange(f, d);
                }
                case INTEGER -> {
                    long l = assertInstanceOf(Long.class, got, f.name());
                    assertEquals(0, v.decimalValue().compareTo(BigDecimal.valueOf(l)), f.name() + " " + v + " stored as " + l);
                    inRange(f, l);
                }
                case BOOLEAN -> assertEquals(v.booleanValue(), assertInstanceOf(Boolean.class, got, f.name()));
                case ENUM -> {
                    assertEquals(v.textValue(), got);
                    assertTrue(f.values().contains((String) got));
                }
                case STRING -> {
                    assertEquals(v.textValue(), got);
                    assertTrue(((String) got).length() <= f.maxLength());
                }
                default -> fail("unknown type " + f.type());
            }
        }
        for (var it = values.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertTrue(PROFILE.index(k) >= 0 || (k.equals("ts") && values == node), "unknown key accepted: " + k);
        }
    }

    private static void inRange(FieldSpec f, double d) {
        assertTrue(f.min() == null || d >= f.min(), f.name() + " = " + d + " below " + f.rangeText());
        assertTrue(f.max() == null || d <= f.max(), f.name() + " = " + d + " above " + f.rangeText());
    }
}
