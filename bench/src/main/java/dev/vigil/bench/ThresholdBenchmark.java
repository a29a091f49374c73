package dev.vigil.bench;

import dev.vigil.profile.Telemetry;
import dev.vigil.rules.AlertEvent;
import dev.vigil.rules.RuleEngine;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simple threshold evaluations per second on one core: 100,000 devices x 5 threshold rules, each
 * benchmark invocation feeding 1,000 readings (5,000 rule evaluations) in device order, so the
 * per-device state is spread over the heap as in a real fleet. Values stay below the thresholds:
 * this is the no-change path, which must not allocate (check with {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ThresholdBenchmark {
    static final int BATCH = 1_000;

    /** Fleet size: 100,000 is the target; 1,000 shows the cost when all state fits in the CPU caches. */
    @Param({"100000"})
    int devices;

    private RuleEngine engine;
    private Telemetry[] readings;
    private int next;

    @Setup
    public void setup() {
        Fleet fleet = new Fleet(devices);
        engine = fleet.engine();
        readings = fleet.readings;
        for (Telemetry t : readings) engine.onTelemetry(t);
        if (engine.stateCount() != 5L * devices) throw new IllegalStateException("expected " + 5L * devices + " states, got " + engine.stateCount());
        if (!engine.alerts().open().isEmpty()) throw new IllegalStateException("the fleet must be below every threshold");
    }

    /** One invocation = 1,000 readings = 5,000 rule evaluations; the score is evaluations per second. */
    @Benchmark
    @OperationsPerInvocation(BATCH * 5)
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
