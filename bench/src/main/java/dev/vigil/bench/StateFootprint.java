package dev.vigil.bench;

import dev.vigil.profile.Telemetry;
import dev.vigil.rules.RuleEngine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Memory per (device, rule) state: the retained heap after 100,000 devices x 5 threshold rules
 * have each sent one reading, measured as the difference of used heap after full GCs (the
 * readings themselves are created before the first measurement and are not counted).
 * Run: {@code java -cp bench/target/benchmarks.jar dev.vigil.bench.StateFootprint}.
 */
public final class StateFootprint {

    private StateFootprint() {}

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Fleet fleet = new Fleet(devices);
        RuleEngine engine = fleet.engine();
        long before = usedAfterGc();
        for (Telemetry t : fleet.readings) engine.onTelemetry(t);
        long after = usedAfterGc();
        long states = engine.stateCount();
        double perState = (after - before) / (double) states;
        System.out.printf("devices=%d states=%d retained=%.1f MiB per-state=%.1f bytes per-device=%.1f bytes%n",
                devices, states, (after - before) / 1048576.0, perState, (after - before) / (double) devices);
        if (engine.alerts().openCount() != 0) throw new IllegalStateException("unexpected alerts");
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, m.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
