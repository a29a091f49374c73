package dev.vigil.testkit;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-input time limit of the fuzz targets: one input must take less than a second of this
 * thread's CPU time (wall time would trip on a machine busy with other work). An input over the
 * limit runs once more and fails only if it is slow again, so that one-off costs (loading and
 * instrumenting classes the input reaches first) are not reported as slow inputs.
 */
public final class FuzzClock {
    /** One second. */
    public static final long LIMIT_NANOS = 1_000_000_000L;

    private FuzzClock() {}

    /** Runs the input's check and fails when it takes a second of CPU time, twice in a row. */
    public static void withinASecond(Runnable check) {
        long took = cpu(check);
        if (took >= LIMIT_NANOS) took = cpu(check);
        assertTrue(took < LIMIT_NANOS, "one input took " + took / 1_000_000 + " ms of CPU time");
    }

    private static long cpu(Runnable check) {
        long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        check.run();
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start;
    }
}
