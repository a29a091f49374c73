package dev.vigil.bench;

import dev.vigil.lineprotocol.LineProtocolWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Line-protocol encoding per second on one core, as the InfluxDB sink's writer threads do it: 1,000
 * elevator points per invocation (three tags, one enterprise name with a space to escape, eight typed
 * fields) appended into one reused buffer; must not allocate per point (check with {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LineProtocolBenchmark {
    static final int BATCH = 1_000;
    private static final String[] DIRECTIONS = {"up", "down", "stop"};

    private final String[] devices = new String[BATCH];
    private final String[] enterprises = new String[BATCH];
    private final String[] regions = new String[BATCH];
    private LineProtocolWriter writer;

    @Setup
    public void setup() {
        for (int i = 0; i < BATCH; i++) {
            devices[i] = "elv-" + (10_000 + i);
            enterprises[i] = "上海某电梯公司 " + (i % 20);
            regions[i] = "region-" + (i % 16);
        }
        writer = new LineProtocolWriter(BATCH * 200);
    }

    /** One invocation = 1,000 points; the score is points per second. Returns the length so nothing is dead code. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int encode() {
        LineProtocolWriter w = writer;
        w.clear();
        long t = 1_764_230_400_000L;
        for (int i = 0; i < BATCH; i++) {
            w.measurement("elevator").tag("device", devices[i]).tag("enterprise", enterprises[i]).tag("region", regions[i])
                    .floatField("speed", 1.0 + (i % 250) / 100.0)
                    .integerField("floor", i % 30)
                    .floatField("load", 520.5 + (i % 7))
                    .booleanField("door_open", i % 11 == 0)
                    .booleanField("in_door_zone", i % 3 == 0)
                    .stringField("direction", DIRECTIONS[i % 3])
                    .stringField("state", "moving")
                    .integerField("occupancy", i % 13)
                    .end(t + i);
        }
        return w.length();
    }
}
