package dev.vigil.rules.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads recorded telemetry for a replay: JSON lines ({@code {"device": "e-1", "profile":
 * "elevator", "ts": 1767571200000, "speed": 1.2, ...}}, values flat or under {@code "values"}) or
 * CSV with a header ({@code ts,device,profile,speed,...}; empty cells are absent fields). Each
 * reading is validated against its profile like live data; {@code ts} is epoch milliseconds or an
 * ISO-8601 time with offset. Devices come from the registry when it has them, else from the
 * reading's {@code profile} (plus optional {@code enterprise}, {@code region}, {@code params}).
 */
public final class RecordedTelemetry {
    private static final Set<String> META = Set.of("device", "profile", "ts", "enterprise", "region", "params", "values");
    private static final TelemetryDecoder DECODER = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());

    private final Path file;
    private final Map<String, DeviceProfile> profiles;
    private final DeviceRegistry registry;

    /** A bad line in a recording: {@code file:line: message}. */
    public static final class BadDataException extends IllegalArgumentException {
        BadDataException(String message) { super(message); }
    }

    public RecordedTelemetry(Path file, Map<String, DeviceProfile> profiles, DeviceRegistry registry) {
        this.file = file;
        this.profiles = profiles;
        this.registry = registry;
    }

    /** Streams the readings in file order to {@code sink}; throws {@link BadDataException} at the first bad line. */
    public void forEach(Consumer<Telemetry> sink) throws IOException {
        boolean csv = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            List<String> header = null;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                try {
                    if (!csv) {
                        sink.accept(reading(TelemetryDecoder.parseJson(line.getBytes(StandardCharsets.UTF_8))));
                    } else if (header == null) {
                        header = Csv.split(line);
                        if (!header.contains("ts") || !header.contains("device")) throw new BadDataException("the CSV header needs columns ts and device");
                    } else {
                        sink.accept(reading(csvRow(header, Csv.split(line))));
                    }
                } catch (Rejection | BadDataException e) {
                    throw new BadDataException(file + ":" + n + ": " + e.getMessage());
                }
            }
        }
    }

    /** All readings, in file order. */
    public List<Telemetry> readAll() throws IOException {
        List<Telemetry> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    private Telemetry reading(JsonNode n) {
        if (!n.isObject()) throw new BadDataException("expected a JSON object per line");
        String id = text(n, "device");
        if (id == null) throw new BadDataException("missing \"device\"");
        Device d = registry == null ? null : registry.byId(id);
        DeviceProfile p;
        if (d != null) {
            p = registry.profileOf(d);
        } else {
            String pn = text(n, "profile");
            if (pn == null) throw new BadDataException("device '" + id + "' is not in the registry: give its \"profile\"");
            p = profiles.get(pn);
            if (p == null) throw new BadDataException("unknown profile '" + pn + "'; known: " + new java.util.TreeSet<>(profiles.keySet()));
            @SuppressWarnings("unchecked")
            Map<String, Object> params = n.has("params")
                    ? new com.fasterxml.jackson.databind.ObjectMapper().convertValue(n.get("params"), Map.class) : Map.of();
            d = new Device(id, pn, text(n, "enterprise"), text(n, "region"), params, null, null);
        }
        JsonNode tsNode = n.get("ts");
        if (tsNode == null) throw new BadDataException("missing \"ts\"");
        long ts = time(tsNode);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("ts", ts);
        JsonNode values = n.has("values") ? n.get("values") : n;
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (values == n && META.contains(e.getKey())) continue;
            payload.set(e.getKey(), e.getValue());
        }
        return DECODER.decode(d, p, payload, ts, "replay").get(0);
    }

    private static long time(JsonNode ts) {
        if (ts.isIntegralNumber()) return ts.asLong();
        if (ts.isTextual()) {
            try {
                return OffsetDateTime.parse(ts.asText()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new BadDataException("ts '" + ts.asText() + "': expected epoch milliseconds or an ISO-8601 time with offset");
            }
        }
        throw new BadDataException("ts: expected epoch milliseconds or an ISO-8601 time with offset, got " + ts);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private JsonNode csvRow(List<String> header, List<String> cells) {
        if (cells.size() != header.size()) {
            throw new BadDataException(cells.size() + " cells but the header has " + header.size() + " columns");
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        String id = cells.get(header.indexOf("device"));
        Device d = registry == null ? null : registry.byId(id);
        String pn = d != null ? d.profile() : header.contains("profile") ? cells.get(header.indexOf("profile")) : null;
        DeviceProfile p = pn == null ? null : profiles.get(pn);
        for (int i = 0; i < header.size(); i++) {
            String col = header.get(i), cell = cells.get(i);
            if (cell.isEmpty()) continue;
            if (col.equals("ts")) {
                row.set("ts", cell.matches("-?\\d+") ? JsonNodeFactory.instance.numberNode(Long.parseLong(cell)) : JsonNodeFactory.instance.textNode(cell));
            } else if (META.contains(col) || p == null || p.field(col) == null) {
                row.put(col, cell);
            } else {
                row.set(col, Csv.typed(p.field(col), cell));
            }
        }
        return row;
    }
}
