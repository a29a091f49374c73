package dev.vigil.gateway.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Telemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A validated reading as a Kafka record value: {@code {"t":time,"a":arrival,"p":protocol,"v":{field:value}}}
 * (the key is the device id). Fields go by name, so a reading produced before a profile gained a
 * field still decodes; the types are the profile's (number, integer, boolean, text). The reading
 * was validated when it came in, so decoding only maps it back onto the profile's field slots.
 */
public final class TelemetryCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private TelemetryCodec() {
    }

    /** The record value of a reading. */
    public static byte[] encode(Telemetry t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("t", t.time());
            if (t.arrivedAt() != Telemetry.NO_ARRIVAL) g.writeNumberField("a", t.arrivedAt());
            g.writeStringField("p", t.protocol());
            g.writeObjectFieldStart("v");
            List<FieldSpec> fields = t.profile().fields();
            Object[] values = t.values();
            for (int i = 0; i < values.length; i++) {
                Object v = values[i];
                if (v == null) continue;
                g.writeFieldName(fields.get(i).name());
                if (v instanceof Double d) {
                    g.writeNumber(d);
                } else if (v instanceof Long l) {
                    g.writeNumber(l);
                } else if (v instanceof Number n) {
                    g.writeNumber(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else {
                    g.writeString(v.toString());
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The reading of a record; null when its device is no longer registered (the caller logs and
     * skips it).
     *
     * @throws IllegalArgumentException when the value is not a reading in this format
     */
    public static Telemetry decode(String deviceId, byte[] value, DeviceRegistry registry) {
        Device device = registry.byId(deviceId);
        if (device == null) return null;
        DeviceProfile profile = registry.profileOf(device);
        if (profile == null) return null;
        long time = Long.MIN_VALUE;
        long arrived = Telemetry.NO_ARRIVAL;
        String protocol = "kafka";
        Object[] values = new Object[profile.fields().size()];
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a reading: expected an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "t" -> time = p.getLongValue();
                    case "a" -> arrived = p.getLongValue();
                    case "p" -> protocol = p.getText();
                    case "v" -> readValues(p, profile, values);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reading: " + e.getMessage(), e);
        }
        if (time == Long.MIN_VALUE) throw new IllegalArgumentException("not a reading: no time 't'");
        return new Telemetry(device, profile, time, values, protocol, arrived);
    }

    private static void readValues(JsonParser p, DeviceProfile profile, Object[] values) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("not a reading: 'v' is not an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            int i = profile.index(p.currentName());
            JsonToken tok = p.nextToken();
            if (i < 0) {
                p.skipChildren();
                continue;
            }
            FieldSpec f = profile.fields().get(i);
            values[i] = switch (f.type()) {
                case NUMBER -> p.getValueAsDouble();
                case INTEGER -> p.getValueAsLong();
                case BOOLEAN -> tok == JsonToken.VALUE_TRUE;
                case ENUM, STRING -> p.getText();
            };
        }
    }
}
