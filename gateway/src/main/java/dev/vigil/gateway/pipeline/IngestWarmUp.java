package dev.vigil.gateway.pipeline;

import dev.vigil.gateway.storage.LineProtocol;
import dev.vigil.lineprotocol.LineProtocolWriter;
import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.DeviceRegistry;
import dev.vigil.profile.FieldSpec;
import dev.vigil.profile.Rejection;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import dev.vigil.rules.WarmUp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs the ingest code (JSON decoding with validation against the profile, line-protocol encoding)
 * over synthetic payloads of every registered profile before the gateway takes traffic, so the
 * JIT has compiled it by the time the first device connects. Measured from a cold start
 * ({@code bench/d-alert-latency.sh}), the first second after start had publish → PUBACK p50 near
 * 200 ms and alerts as late, while the code ran interpreted; the rules had their own warm-up
 * already ({@link WarmUp}).
 *
 * <p>Nothing leaves this class: payloads are decoded and encoded into a scratch buffer that is
 * dropped. A few percent of the payloads are malformed or out of range on purpose, so the refusal
 * paths are compiled too. CPU work: run it off any event loop.
 */
public final class IngestWarmUp {
    private IngestWarmUp() {}

    /** What a warm-up did: payloads decoded, readings encoded, refusals, time taken. */
    public record Result(long payloads, long readings, long refused, long nanos) {}

    /**
     * Decodes and encodes synthetic payloads of each profile that has registered devices (up to four
     * devices each) until {@code payloadsPerProfile} were done or the time budget is spent.
     */
    public static Result run(DeviceRegistry registry, TelemetryDecoder decoder, int payloadsPerProfile, long budgetNanos) {
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        List<DeviceProfile> profiles = new ArrayList<>();
        List<Device[]> fleets = new ArrayList<>();
        for (DeviceProfile p : registry.profiles().values()) {
            List<Device> mine = new ArrayList<>();
            for (Device d : registry.devices()) {
                if (p.name().equals(d.profile()) && mine.size() < 4) mine.add(d);
            }
            if (mine.isEmpty()) continue;
            profiles.add(p);
            fleets.add(mine.toArray(new Device[0]));
        }
        SplittableRandom rnd = new SplittableRandom(212);
        LineProtocolWriter w = new LineProtocolWriter(64 * 1024);
        long payloads = 0, readings = 0, refused = 0;
        long ts = System.currentTimeMillis() - 60_000;
        for (int round = 0; round < payloadsPerProfile && System.nanoTime() < deadline; round += 16) {
            for (int k = 0; k < profiles.size(); k++) {
                DeviceProfile p = profiles.get(k);
                Device[] fleet = fleets.get(k);
                for (int i = 0; i < 16; i++) {
                    Device d = fleet[i % fleet.length];
                    byte[] payload = payload(p, rnd, ts + (round + i) % 50_000);
                    payloads++;
                    try {
                        TelemetryDecoder.Decoded out = decoder.decodeJson(d, p, payload, ts + 60_000, "warm-up");
                        for (Telemetry t : out.readings()) {
                            if (LineProtocol.append(w, t)) readings++;
                        }
                    } catch (Rejection r) {
                        refused++;
                    }
                    if (w.length() > 32 * 1024) w.clear();
                }
            }
        }
        return new Result(payloads, readings, refused, System.nanoTime() - start);
    }

    /** A payload as a device sends it: one reading of random values; now and then a backfill array, a bad value or broken JSON. */
    static byte[] payload(DeviceProfile p, SplittableRandom rnd, long ts) {
        int kind = rnd.nextInt(100);
        if (kind == 0) return "{\"ts\":1,\"broken\"".getBytes(StandardCharsets.UTF_8);
        JsonObject one = reading(p, rnd, ts);
        if (kind == 1 && !p.fields().isEmpty()) one.put(p.fields().get(0).name(), "not a value");
        if (kind < 5) {
            JsonArray batch = new JsonArray().add(one);
            for (int i = 1; i < 4; i++) batch.add(reading(p, rnd, ts - i * 1000L));
            return batch.toBuffer().getBytes();
        }
        return one.toBuffer().getBytes();
    }

    private static JsonObject reading(DeviceProfile p, SplittableRandom rnd, long ts) {
        Object[] values = WarmUp.values(p, rnd, 0.05);
        JsonObject o = new JsonObject().put("ts", ts);
        List<FieldSpec> fields = p.fields();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) o.put(fields.get(i).name(), values[i]);
        }
        return o;
    }
}
