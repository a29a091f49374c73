package dev.vigil.bench;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import dev.vigil.profile.TelemetryDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decode + validate of one elevator JSON payload as the load generator sends it (ts and six typed
 * fields), the pipeline's first step per MQTT message; score in nanoseconds per payload. Run from the
 * repository root (the elevator profile is read from {@code device-profiles/profiles}, or from
 * {@code -Dvigil.profiles=DIR}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBenchmark {
    private static final int PAYLOADS = 64;
    private static final String[] DIRECTIONS = {"stop", "up", "down"};

    private final byte[][] payloads = new byte[PAYLOADS][];
    private DeviceProfile profile;
    private Device device;
    private TelemetryDecoder decoder;
    private long now;
    private int next;

    @Setup
    public void setup() throws Exception {
        profile = ProfileLoader.loadFile(Path.of(System.getProperty("vigil.profiles", "device-profiles/profiles"), "elevator.yaml"));
        device = new Device("elv-10001", profile.name(), "上海某电梯公司 1", "region-1", Map.of(), null, null);
        decoder = new TelemetryDecoder(TelemetryDecoder.Limits.defaults());
        now = System.currentTimeMillis();
        for (int i = 0; i < PAYLOADS; i++) {
            String dir = DIRECTIONS[i % 3];
            String s = "{\"ts\":" + (now - 3_600_000 + i) + ",\"floor\":" + (i % 30) + ",\"direction\":\"" + dir
                    + "\",\"door\":\"closed\",\"occupied\":" + (i % 2 == 0) + ",\"speed\":" + (1.0 + (i % 7) / 10.0)
                    + ",\"running\":true}";
            payloads[i] = s.getBytes(StandardCharsets.UTF_8);
        }
        if (decodeJson().get(0).presentCount() != 6) throw new IllegalStateException("the elevator payload does not decode");
    }

    /** Parse and validate one payload into a reading. */
    @Benchmark
    public List<Telemetry> decodeJson() {
        byte[] p = payloads[next++ & (PAYLOADS - 1)];
        return decoder.decodeJson(device, profile, p, now, "mqtt").readings();
    }
}
