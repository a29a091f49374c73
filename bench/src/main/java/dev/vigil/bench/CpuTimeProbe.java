package dev.vigil.bench;

import dev.vigil.profile.Telemetry;
import dev.vigil.rules.RuleEngine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Threshold evaluations per CPU-second of the evaluating thread (100,000 devices x 5 rules, the
 * no-change path), next to the wall-clock rate. On a shared, oversubscribed machine JMH's
 * wall-clock score understates what one core does; thread CPU time does not count time the
 * thread spent waiting for a core. Also reports bytes allocated by the thread per evaluation.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.vigil.bench.CpuTimeProbe [devices] [rounds]}.
 */
public final class CpuTimeProbe {

    private CpuTimeProbe() {}

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Fleet fleet = new Fleet(devices);
        RuleEngine engine = fleet.engine();
        Telemetry[] readings = fleet.readings;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean smx = (com.sun.management.ThreadMXBean) mx;
        long tid = Thread.currentThread().getId();
        long sink = 0;
        for (int w = 0; w < 30; w++) for (Telemetry t : readings) sink += engine.onTelemetry(t).size();
        int perRound = 20;
        for (int r = 0; r < rounds; r++) {
            long cpu0 = mx.getCurrentThreadCpuTime(), wall0 = System.nanoTime(), alloc0 = smx.getThreadAllocatedBytes(tid);
            for (int k = 0; k < perRound; k++) for (Telemetry t : readings) sink += engine.onTelemetry(t).size();
            long cpu = mx.getCurrentThreadCpuTime() - cpu0, wall = System.nanoTime() - wall0;
            long alloc = smx.getThreadAllocatedBytes(tid) - alloc0;
            double evals = 5.0 * devices * perRound;
            System.out.printf("round %d: %.2f M evaluations per CPU-second, %.2f M per wall-second, %.4f bytes allocated per evaluation%n",
                    r + 1, evals / (cpu / 1e9) / 1e6, evals / (wall / 1e9) / 1e6, alloc / evals);
        }
        if (sink != 0) throw new IllegalStateException("unexpected alerts: " + sink);
    }
}
