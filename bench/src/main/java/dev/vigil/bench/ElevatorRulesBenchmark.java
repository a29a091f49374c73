package dev.vigil.bench;

import dev.vigil.profile.Device;
import dev.vigil.profile.DeviceProfile;
import dev.vigil.profile.ProfileLoader;
import dev.vigil.profile.Telemetry;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.EngineOptions;
import dev.vigil.rules.RuleEngine;
import dev.vigil.rules.RuleSetLoader;
import dev.vigil.rules.zones.ZoneIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The elevator's full default rule set (device-profiles/profiles/elevator.yaml: six expression
 * rules, a threshold rule and an offline rule, each with a CEL {@code quiet_when}), loaded with
 * {@link RuleSetLoader} as the gateway loads it, evaluated per reading. 1,000 elevators send
 * ordinary readings (running or parked, doors cycling, nobody trapped): the no-alert path the
 * gateway runs for nearly every reading. The score is nanoseconds per reading (all rules of the
 * device). Run from the repository root: {@code java -jar bench/target/benchmarks.jar ElevatorRules -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class ElevatorRulesBenchmark {
    static final int BATCH = 1_000;

    @Param({"1000"})
    int devices;

    /**
     * "all": every field in every reading; "partial": no service_mode and no in_door_zone, as the
     * load generator of bench/d-alert-latency.sh sends (the rules then meet variables without value).
     */
    @Param({"all", "partial"})
    String fields;

    private RuleEngine engine;
    private Telemetry[] readings;
    private int next;

    @Setup
    public void setup() {
        Path file = find(Path.of("device-profiles", "profiles", "elevator.yaml"));
        DeviceProfile p = ProfileLoader.loadFile(file);
        RuleSetLoader.Result r = new RuleSetLoader(Map.of(p.name(), p)).load(List.of());
        if (!r.ok()) throw new IllegalStateException(r.problems().toString());
        engine = new RuleEngine(r.ruleSet(), null, ZoneIndex.empty(), EngineOptions.defaults());
        readings = readings(p, devices);
        if (fields.equals("partial")) {
            for (Telemetry t : readings) {
                t.values()[p.index("service_mode")] = null;
                t.values()[p.index("in_door_zone")] = null;
            }
        }
        for (Telemetry t : readings) engine.onTelemetry(t);
        if (engine.stateCount() != 8L * devices) throw new IllegalStateException("expected 8 rules per elevator, got " + engine.stateCount());
        if (!engine.alerts().open().isEmpty()) throw new IllegalStateException("the readings must raise no alert");
    }

    /** Ordinary readings of a fleet of elevators, in the profile's field order. */
    static Telemetry[] readings(DeviceProfile p, int devices) {
        String[] dirs = {"up", "down", "stop"};
        String[] doors = {"closed", "closed", "closed", "opening", "closing"};
        Telemetry[] out = new Telemetry[devices];
        long t0 = 1_767_571_200_000L;
        for (int i = 0; i < devices; i++) {
            Device d = new Device("lift-" + i, "elevator", "e" + (i % 50), "r" + (i % 7), Map.of(), null, null);
            boolean running = i % 3 != 0;
            Object[] v = new Object[p.fields().size()];
            v[p.index("floor")] = (long) (i % 30);
            v[p.index("direction")] = running ? dirs[i % 2] : dirs[2];
            v[p.index("in_door_zone")] = !running || i % 4 == 0;
            v[p.index("door")] = running ? "closed" : doors[i % doors.length];
            v[p.index("occupied")] = i % 5 < 2;
            v[p.index("speed")] = running ? 0.5 + (i % 10) * 0.1 : 0.0;
            v[p.index("running")] = running;
            v[p.index("service_mode")] = "normal";
            v[p.index("power")] = "mains";
            v[p.index("safety_circuit")] = "closed";
            v[p.index("fault_code")] = 0L;
            out[i] = new Telemetry(d, p, t0 + i % 1000, v, "bench");
        }
        return out;
    }

    static Path find(Path rel) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve(rel))) return dir.resolve(rel);
            dir = dir.getParent();
        }
        throw new IllegalStateException(rel + " not found above the working directory");
    }

    /** One invocation = 1,000 readings; the score is nanoseconds per reading. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void evaluate(Blackhole bh) {
        int i = next;
        for (int k = 0; k < BATCH; k++) {
            List<AlertEvent> events = engine.onTelemetry(readings[i]);
            bh.consume(events);
            if (++i == devices) i = 0;
        }
        next = i;
    }
}
